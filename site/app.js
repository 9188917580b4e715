// The page: picks files, uploads them with presigned POSTs, polls for labels and draws them.
// Everything that can be decided without the DOM lives in lib.js.
(function () {
  'use strict';

  const lib = window.RekogLib;
  const HISTORY_STORAGE_KEY = 'rekog.history.v1';
  const THUMBNAIL_MAX_PIXELS = 240;
  const THUMBNAIL_MAX_CHARS = 40000;

  const page = {
    dropzone: document.getElementById('dropzone'),
    input: document.getElementById('file-input'),
    chooseButton: document.getElementById('choose-button'),
    limits: document.getElementById('limits'),
    notice: document.getElementById('notice'),
    cards: document.getElementById('cards'),
    historyList: document.getElementById('history-list'),
    historyEmpty: document.getElementById('history-empty'),
    clearHistory: document.getElementById('clear-history'),
    footer: document.getElementById('deployment'),
    announcer: document.getElementById('announcer'),
  };

  /**
   * A failure the person should read; `restart` means a retry must upload again, `permanent` that
   * retrying the same file cannot help (the analysis itself refused it).
   */
  class JobFailure extends Error {
    constructor(message, options) {
      super(message);
      this.name = 'JobFailure';
      this.restart = !!(options && options.restart);
      this.permanent = !!(options && options.permanent);
    }
  }

  const setup = lib.readConfig(window.REKOG_CONFIG);
  const config = setup.ok ? setup.config : null;

  renderHistory();
  window.addEventListener('storage', (event) => {
    if (event.key === HISTORY_STORAGE_KEY) renderHistory();
  });
  page.clearHistory.addEventListener('click', () => {
    saveHistory([]);
    renderHistory();
  });

  if (!config) {
    showNotice(setup.message);
    page.dropzone.classList.add('is-disabled');
    page.input.disabled = true;
    page.chooseButton.disabled = true;
    return;
  }

  page.limits.textContent = 'JPEG or PNG, up to ' + lib.formatBytes(config.maxUploadBytes) + ' each.';
  if (config.stack) {
    page.footer.textContent = 'Stack “' + config.stack + '”' + (config.region ? ' in ' + config.region : '') + '.';
  }
  wireFilePicking();

  function wireFilePicking() {
    page.chooseButton.addEventListener('click', () => page.input.click());
    page.dropzone.addEventListener('click', (event) => {
      if (event.target === page.dropzone) page.input.click();
    });
    page.input.addEventListener('change', () => {
      addFiles(page.input.files);
      page.input.value = '';
    });

    // The whole window accepts drops, so a near miss does not make the browser open the photo.
    let dragDepth = 0;
    const isFileDrag = (event) => Array.from(event.dataTransfer ? event.dataTransfer.types : []).includes('Files');
    window.addEventListener('dragenter', (event) => {
      if (!isFileDrag(event)) return;
      dragDepth += 1;
      page.dropzone.classList.add('is-dragging');
    });
    window.addEventListener('dragleave', () => {
      dragDepth = Math.max(0, dragDepth - 1);
      if (dragDepth === 0) page.dropzone.classList.remove('is-dragging');
    });
    window.addEventListener('dragover', (event) => {
      if (!isFileDrag(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    });
    window.addEventListener('drop', (event) => {
      if (!isFileDrag(event)) return;
      event.preventDefault();
      dragDepth = 0;
      page.dropzone.classList.remove('is-dragging');
      addFiles(event.dataTransfer.files);
    });
  }

  function addFiles(fileList) {
    for (const file of Array.from(fileList || [])) startJob(file);
  }

  function startJob(file) {
    const job = { file: file, key: null, retryFrom: 'upload', cancelled: false, xhr: null, previewUrl: null };
    job.view = createCard(job);
    page.cards.prepend(job.view.card);
    setStatus(job, 'validating', 'Checking…');

    const check = lib.validateFile({ name: file.name, type: file.type, size: file.size }, config.maxUploadBytes);
    if (!check.ok) {
      showFailure(job, check.message, { retryable: false });
      return;
    }
    job.contentType = check.contentType;
    job.previewUrl = URL.createObjectURL(file);
    // A file named .jpg that is not an image has no preview; the analysis will say why.
    job.view.image.addEventListener('error', () => {
      job.view.media.hidden = true;
    });
    job.view.image.src = job.previewUrl;
    job.view.media.hidden = false;
    run(job);
  }

  async function run(job) {
    clearFailure(job);
    try {
      if (job.retryFrom === 'upload') {
        setStatus(job, 'uploading', 'Preparing upload…');
        setProgress(job, 0);
        const prepared = await requestUploadUrl(job);
        job.key = prepared.key;
        setStatus(job, 'uploading', 'Uploading…');
        await uploadFile(job, prepared.upload);
        job.retryFrom = 'poll';
      }
      setStatus(job, 'processing', 'Analysing…');
      const result = await pollForLabels(job);
      const labels = lib.sortLabels(result.labels);
      showLabels(job, labels);
      const found = labels.length === 1 ? '1 label' : labels.length + ' labels';
      setStatus(job, 'done', labels.length ? found + ' found' : 'Nothing recognised');
      announce(job.file.name + ': ' + found + ' found.');
      remember(job, { status: 'done', labels: lib.compactLabels(labels) });
    } catch (error) {
      if (job.cancelled) return;
      if (!(error instanceof JobFailure)) console.error(error);
      const failure =
        error instanceof JobFailure ? error : new JobFailure('Something unexpected went wrong on this page. Retry, or reload the page.');
      if (failure.restart) job.retryFrom = 'upload';
      showFailure(job, failure.message, { retryable: !failure.permanent });
      if (job.key) remember(job, { status: 'failed', error: failure.message });
    }
  }

  async function postJson(path, body) {
    let response;
    try {
      response = await fetch(config.apiUrl + path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch {
      return { status: 0, body: null };
    }
    const data = await response.json().catch(() => null);
    return { status: response.status, body: data };
  }

  async function requestUploadUrl(job) {
    const answer = await postJson('/generate-upload-url', {
      fileName: job.file.name,
      contentType: job.contentType,
      size: job.file.size,
    });
    const body = answer.body;
    if (answer.status !== 200 || !body || !body.key || !body.upload || !body.upload.url) {
      const failure = { status: answer.status, body: body, apiUrl: config.apiUrl, logsCommand: config.logsCommand, action: 'prepare' };
      throw new JobFailure(lib.describeApiFailure(failure), { permanent: lib.isDailyLimit(failure) });
    }
    return body;
  }

  // XMLHttpRequest rather than fetch: fetch reports no upload progress.
  function uploadFile(job, upload) {
    return new Promise((resolve, reject) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(upload.fields || {})) form.append(name, value);
      // S3 ignores every field after `file`, so the policy fields must all come first.
      form.append('file', job.file);

      const xhr = new XMLHttpRequest();
      job.xhr = xhr;
      xhr.open('POST', upload.url);
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) setProgress(job, event.loaded / event.total);
      });
      xhr.addEventListener('load', () => {
        job.xhr = null;
        if (xhr.status >= 200 && xhr.status < 300) resolve();
        else reject(new JobFailure(lib.describeS3Error(xhr.status, xhr.responseText)));
      });
      xhr.addEventListener('error', () => {
        job.xhr = null;
        reject(new JobFailure(lib.describeS3Error(0, '')));
      });
      xhr.addEventListener('abort', () => reject(new JobFailure('The upload was cancelled.')));
      xhr.send(form);
    });
  }

  async function pollForLabels(job) {
    const started = Date.now();
    let lastStatus = 'awaiting-upload';
    let lastFailure;
    for (let attempt = 0; ; attempt += 1) {
      const answer = await postJson('/detect-labels', { key: job.key });
      if (job.cancelled) throw new JobFailure('Cancelled.');
      const body = answer.body || {};
      if (answer.status === 200 && body.status === 'done') return body;
      if (answer.status === 200 && body.status === 'failed') {
        throw new JobFailure(lib.describeAnalysisFailure(body.error), { permanent: true });
      }
      const failure = lib.describeApiFailure({ status: answer.status, body: answer.body, apiUrl: config.apiUrl, logsCommand: config.logsCommand, action: 'check' });
      if (answer.status === 202) {
        lastStatus = body.status || lastStatus;
        lastFailure = null;
      } else if (lib.isTransientStatus(answer.status)) {
        lastFailure = new JobFailure(failure);
      } else {
        throw new JobFailure(failure, { restart: answer.status === 404 });
      }
      const delay = lib.nextPollDelay(attempt, Date.now() - started);
      if (delay === null) throw lastFailure || new JobFailure(lib.describeTimeout(lastStatus, lib.POLL_DEFAULTS.timeLimitMs));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  function createCard(job) {
    const card = element('li', 'card');
    const media = element('div', 'card-media');
    media.hidden = true;
    const frame = element('div', 'frame');
    const image = element('img', 'preview');
    image.alt = 'Preview of ' + job.file.name;
    const boxes = element('div', 'boxes');
    frame.append(image, boxes);
    media.append(frame);

    const body = element('div', 'card-body');
    const head = element('div', 'card-head');
    const name = element('h3', 'file-name', job.file.name);
    name.title = job.file.name;
    const remove = element('button', 'icon-button', '×');
    remove.type = 'button';
    remove.setAttribute('aria-label', 'Remove ' + job.file.name);
    remove.addEventListener('click', () => removeJob(job));
    head.append(name, remove);

    const meta = element('p', 'card-meta');
    const statusText = element('span', 'status-text');
    meta.append(statusText, element('span', 'file-size', lib.formatBytes(job.file.size)));
    const progress = element('progress', 'progress');
    progress.max = 1;
    progress.setAttribute('aria-label', 'Progress of ' + job.file.name);
    const failure = element('div', 'failure');
    failure.hidden = true;
    const labels = element('ul', 'labels');
    labels.setAttribute('aria-label', 'Labels found in ' + job.file.name);

    body.append(head, meta, progress, failure, labels);
    card.append(media, body);
    return { card, media, image, boxes, statusText, progress, failure, labels };
  }

  function removeJob(job) {
    job.cancelled = true;
    if (job.xhr) job.xhr.abort();
    if (job.previewUrl) URL.revokeObjectURL(job.previewUrl);
    job.view.card.remove();
  }

  function setStatus(job, status, text) {
    job.view.card.dataset.status = status;
    job.view.statusText.textContent = text;
    if (status === 'processing') job.view.progress.removeAttribute('value');
  }

  function setProgress(job, fraction) {
    job.view.progress.value = fraction;
    if (job.view.card.dataset.status === 'uploading' && fraction > 0) {
      job.view.statusText.textContent = 'Uploading… ' + Math.round(fraction * 100) + '%';
    }
  }

  function showFailure(job, message, options) {
    setStatus(job, 'failed', 'Failed');
    const text = element('p', 'error-message', message);
    text.setAttribute('role', 'alert');
    job.view.failure.replaceChildren(text);
    if (options.retryable) {
      const retry = element('button', 'button retry', 'Retry');
      retry.type = 'button';
      retry.addEventListener('click', () => run(job));
      job.view.failure.append(retry);
    }
    job.view.failure.hidden = false;
  }

  function clearFailure(job) {
    job.view.failure.replaceChildren();
    job.view.failure.hidden = true;
  }

  function showLabels(job, labels) {
    job.view.boxes.replaceChildren(
      ...lib.labelBoxes(labels).map((box) => {
        const div = element('div', 'box');
        div.dataset.label = box.label;
        div.style.left = box.left + '%';
        div.style.top = box.top + '%';
        div.style.width = box.width + '%';
        div.style.height = box.height + '%';
        div.append(element('span', 'box-label', box.label + ' ' + lib.formatConfidence(box.confidence)));
        return div;
      }),
    );
    if (!labels.length) {
      job.view.labels.replaceChildren(element('li', 'labels-empty', 'No objects or scenes were recognised in this image.'));
      return;
    }
    job.view.labels.replaceChildren(...labels.map((label) => createLabelItem(job, label)));
  }

  function createLabelItem(job, label) {
    const item = element('li', 'label');
    item.dataset.label = label.name;
    const row = element('div', 'label-row');
    row.append(element('span', 'label-name', label.name), element('span', 'label-confidence', lib.formatConfidence(label.confidence)));
    const bar = element('div', 'bar');
    const fill = element('div', 'bar-fill');
    fill.style.width = Math.min(100, Math.max(0, label.confidence || 0)) + '%';
    bar.append(fill);
    item.append(row, bar);
    if (label.parents && label.parents.length) item.append(element('p', 'label-parents', 'In ' + label.parents.join(' · ')));

    const highlight = (on) => {
      for (const box of job.view.boxes.children) {
        if (box.dataset.label === label.name) box.classList.toggle('is-highlighted', on);
      }
    };
    item.addEventListener('mouseenter', () => highlight(true));
    item.addEventListener('mouseleave', () => highlight(false));
    return item;
  }

  function remember(job, fields) {
    const entry = Object.assign(
      { key: job.key, fileName: job.file.name, time: Date.now(), thumbnail: createThumbnail(job.view.image) },
      fields,
    );
    saveHistory(lib.addToHistory(loadHistory(), entry));
    renderHistory();
  }

  // The preview's blob URL dies with the page, so history keeps a small JPEG copy instead.
  function createThumbnail(image) {
    if (!image.complete || !image.naturalWidth) return null;
    const size = lib.fitWithin(image.naturalWidth, image.naturalHeight, THUMBNAIL_MAX_PIXELS);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.drawImage(image, 0, 0, size.width, size.height);
    const dataUrl = canvas.toDataURL('image/jpeg', 0.7);
    return dataUrl.length <= THUMBNAIL_MAX_CHARS ? dataUrl : null;
  }

  function loadHistory() {
    try {
      return lib.parseHistory(localStorage.getItem(HISTORY_STORAGE_KEY));
    } catch {
      return [];
    }
  }

  // Storage can be full or forbidden (private modes); history is a convenience, so it
  // shrinks and then gives up quietly rather than breaking the upload.
  function saveHistory(entries) {
    for (let kept = entries; ; kept = kept.slice(0, Math.floor(kept.length / 2))) {
      try {
        localStorage.setItem(HISTORY_STORAGE_KEY, JSON.stringify(kept));
        return;
      } catch {
        if (kept.length === 0) return;
      }
    }
  }

  function renderHistory() {
    const entries = loadHistory();
    page.historyEmpty.hidden = entries.length > 0;
    page.clearHistory.hidden = entries.length === 0;
    page.historyList.replaceChildren(...entries.map(createHistoryItem));
  }

  function createHistoryItem(entry) {
    const item = element('li', 'history-item');
    item.dataset.key = entry.key;
    item.dataset.status = entry.status;

    if (entry.thumbnail) {
      const thumbnail = element('img', 'history-thumbnail');
      thumbnail.src = entry.thumbnail;
      thumbnail.alt = '';
      item.append(thumbnail);
    } else {
      item.append(element('div', 'history-thumbnail is-empty'));
    }

    const text = element('div', 'history-text');
    text.append(element('p', 'history-name', entry.fileName));
    const when = lib.formatAge(entry.time, Date.now()) || new Date(entry.time).toLocaleString();
    text.append(element('p', 'history-meta', (entry.status === 'done' ? 'Analysed' : 'Failed') + ' · ' + when));
    if (entry.status === 'done') {
      const chips = element('ul', 'chips');
      const labels = entry.labels || [];
      chips.append(...labels.slice(0, 6).map((label) => element('li', 'chip', label.name + ' ' + lib.formatConfidence(label.confidence))));
      if (!labels.length) chips.append(element('li', 'chip', 'Nothing recognised'));
      text.append(chips);
    } else if (entry.error) {
      text.append(element('p', 'history-error', entry.error));
    }
    item.append(text);
    return item;
  }

  function showNotice(message) {
    page.notice.replaceChildren(element('p', 'error-message', message));
    page.notice.hidden = false;
  }

  function announce(message) {
    page.announcer.textContent = message;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }
})();
