// The page's pure logic: no DOM and no network, so the same file runs in the browser as a
// classic <script> (defining window.RekogLib) and in jest as a CommonJS module.
(function (root, factory) {
  const lib = factory();
  if (typeof module === 'object' && module.exports) module.exports = lib;
  else root.RekogLib = lib;
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  const MIB = 1024 * 1024;
  const DEFAULT_MAX_UPLOAD_BYTES = 10 * MIB;

  // Rekognition reads JPEG and PNG only; the upload policy enforces the same two types.
  const ACCEPTED_TYPES = { 'image/jpeg': 'JPEG', 'image/png': 'PNG' };
  const TYPES_BY_EXTENSION = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };

  const POLL_DEFAULTS = { initialMs: 500, maxMs: 3000, factor: 1.5, timeLimitMs: 60000 };
  const HISTORY_LIMIT = 20;

  /** Capitalises the first letter and ends the text with a full stop if it has no ending. */
  function sentence(text) {
    const trimmed = String(text == null ? '' : text).trim();
    if (!trimmed) return '';
    const capitalised = trimmed[0].toUpperCase() + trimmed.slice(1);
    return /[.!?]$/.test(capitalised) ? capitalised : capitalised + '.';
  }

  function formatBytes(bytes) {
    if (!Number.isFinite(bytes) || bytes < 0) return 'unknown size';
    if (bytes < 1024) return bytes === 1 ? '1 byte' : bytes + ' bytes';
    if (bytes < MIB) return Math.round(bytes / 1024) + ' KB';
    return trimZero((bytes / MIB).toFixed(1)) + ' MB';
  }

  function trimZero(number) {
    return number.replace(/\.0$/, '');
  }

  /** "98.7%": one decimal, rounded down so that 99.96 never shows as a certain 100%. */
  function formatConfidence(confidence) {
    if (typeof confidence !== 'number' || !Number.isFinite(confidence)) return '–';
    const clamped = Math.min(100, Math.max(0, confidence));
    if (clamped === 100) return '100%';
    return (Math.floor(clamped * 10) / 10).toFixed(1) + '%';
  }

  /** "just now", "5 min ago", "3 h ago"; null when older than a day (show a date instead). */
  function formatAge(thenMs, nowMs) {
    const seconds = Math.max(0, Math.round((nowMs - thenMs) / 1000));
    if (seconds < 60) return 'just now';
    if (seconds < 3600) return Math.floor(seconds / 60) + ' min ago';
    if (seconds < 86400) return Math.floor(seconds / 3600) + ' h ago';
    return null;
  }

  /** Validates window.REKOG_CONFIG; returns {ok, config} or {ok: false, message}. */
  function readConfig(raw) {
    const missing =
      'This page has no configuration: config.js is missing. It is written by ' +
      '"rekog-deploy up" (on AWS) and "rekog-deploy dev" (on this computer); run one of them and reload.';
    if (!raw || typeof raw !== 'object') return { ok: false, message: missing };
    let apiUrl;
    try {
      apiUrl = new URL(String(raw.apiUrl));
    } catch {
      apiUrl = null;
    }
    if (!apiUrl || (apiUrl.protocol !== 'https:' && apiUrl.protocol !== 'http:')) {
      return {
        ok: false,
        message: 'config.js has no valid apiUrl (found "' + String(raw.apiUrl) + '"). Deploy again to regenerate it.',
      };
    }
    const maxUploadBytes =
      Number.isFinite(raw.maxUploadBytes) && raw.maxUploadBytes > 0 ? raw.maxUploadBytes : DEFAULT_MAX_UPLOAD_BYTES;
    return {
      ok: true,
      config: {
        apiUrl: String(raw.apiUrl).replace(/\/+$/, ''),
        maxUploadBytes: maxUploadBytes,
        stack: typeof raw.stack === 'string' ? raw.stack : '',
        region: typeof raw.region === 'string' ? raw.region : '',
      },
    };
  }

  /**
   * Checks a file before anything is sent. Browsers leave `type` empty for some files,
   * so the extension is the fallback.
   * Returns {ok: true, contentType} or {ok: false, message}.
   */
  function validateFile(file, maxBytes) {
    const name = file.name || 'This file';
    const extension = (/\.([a-z0-9]+)$/i.exec(file.name || '') || [])[1];
    const contentType = file.type || TYPES_BY_EXTENSION[String(extension).toLowerCase()] || '';
    if (!ACCEPTED_TYPES[contentType]) {
      const found = contentType ? describeType(contentType) + ' are not supported' : 'its type is unknown';
      return { ok: false, message: '“' + name + '” can’t be analysed: ' + found + '. Only JPEG and PNG images are accepted.' };
    }
    if (file.size === 0) {
      return { ok: false, message: '“' + name + '” is empty (0 bytes). Choose the image again.' };
    }
    if (file.size > maxBytes) {
      const size = formatBytes(file.size);
      const limit = formatBytes(maxBytes);
      const how = size === limit ? 'is slightly larger than the ' + limit + ' limit' : 'is ' + size + ', more than the ' + limit + ' limit';
      return { ok: false, message: '“' + name + '” ' + how + '. Choose a smaller image or resize it.' };
    }
    return { ok: true, contentType: contentType };
  }

  /** "GIF images", "videos", "PDF files": what a content type is, in the plural. */
  function describeType(contentType) {
    const [family, subtype] = contentType.split('/');
    const shortName = String(subtype).replace(/^x-/, '').replace(/\+.*$/, '').toUpperCase();
    if (family === 'image') return shortName + ' images';
    if (family === 'video') return 'videos';
    if (family === 'audio') return 'audio files';
    if (family === 'text') return 'text files';
    return /^[A-Z0-9]{2,5}$/.test(shortName) ? shortName + ' files' : contentType + ' files';
  }

  /** The delay before poll number `attempt` (0-based): 500 ms, growing by half each time, capped at 3 s. */
  function pollDelay(attempt, options) {
    const o = Object.assign({}, POLL_DEFAULTS, options);
    return Math.min(o.maxMs, Math.round(o.initialMs * Math.pow(o.factor, attempt)));
  }

  /** The delay before the next poll, shortened to fit the time limit; null once the time is up. */
  function nextPollDelay(attempt, elapsedMs, options) {
    const o = Object.assign({}, POLL_DEFAULTS, options);
    const remaining = o.timeLimitMs - elapsedMs;
    if (remaining <= 0) return null;
    return Math.min(pollDelay(attempt, o), remaining);
  }

  function isTransientStatus(status) {
    return status === 0 || status === 429 || status >= 500;
  }

  function xmlText(xml, tag) {
    const match = new RegExp('<' + tag + '>([\\s\\S]*?)</' + tag + '>').exec(xml || '');
    if (!match) return '';
    return match[1]
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&')
      .trim();
  }

  /** Turns S3's answer to a failed presigned POST (status and XML body) into a sentence. */
  function describeS3Error(status, body) {
    if (!status) {
      return 'The upload could not reach the upload bucket (network error, or the bucket’s CORS rules do not allow this site). Check your connection and retry.';
    }
    const code = xmlText(body, 'Code');
    const message = xmlText(body, 'Message');
    switch (code) {
      case 'EntityTooLarge':
        return 'The upload bucket refused the file: it is larger than the upload link allows.';
      case 'EntityTooSmall':
        return 'The upload bucket refused the file: it is smaller than the upload link allows (is it empty?).';
      case 'AccessDenied':
        // S3 reports an expired policy and a failed policy condition with the same code;
        // only the message tells them apart.
        if (/expired/i.test(message)) {
          return 'The upload link expired before the upload started. Retry to get a fresh link.';
        }
        if (/policy condition failed/i.test(message)) {
          return 'The upload bucket refused the file: it does not match what the upload link allows (type or size).';
        }
        return 'The upload bucket refused the upload (access denied). Retry; if it keeps failing, deploy again.';
      case 'SignatureDoesNotMatch':
      case 'InvalidAccessKeyId':
      case 'ExpiredToken':
      case 'InvalidToken':
        return 'The upload bucket did not accept the upload link’s signature (' + code + '). Retry to get a fresh link.';
      case 'RequestTimeout':
        return 'The upload was too slow and the upload bucket gave up waiting. Check your connection and retry.';
      case 'SlowDown':
      case 'ServiceUnavailable':
      case 'InternalError':
        return 'The upload bucket is busy or had an internal problem. Retry in a moment.';
      case '':
        return 'The upload failed: the upload bucket answered with HTTP ' + status + '. Retry in a moment.';
      default:
        return 'The upload bucket refused the file (' + code + (message ? ': ' + sentence(message) : '.') + ')';
    }
  }

  function hostOf(url) {
    try {
      return new URL(url).host;
    } catch {
      return String(url);
    }
  }

  /**
   * Turns an API answer that is not the expected one into a sentence.
   * `status` 0 means the request never got an answer (offline, API down, or CORS refused).
   * `logsCommand` (set by the local cloud's config.js) is where its function logs are, instead of CloudWatch.
   */
  function describeApiFailure(failure) {
    const status = failure.status;
    const error = failure.body && failure.body.error;
    const detail = error && typeof error.message === 'string' ? ' ' + sentence(error.message) : '';
    if (!status) {
      return (
        'Can’t reach the API at ' + hostOf(failure.apiUrl) + '. Check your connection and that the app is ' +
        'deployed ("rekog-deploy status") or running ("rekog-deploy dev"), then retry.'
      );
    }
    if (status === 400) return 'The server refused this request.' + (detail || ' Retry, or choose another image.');
    if (status === 413) return 'The server says the file is too large.' + detail;
    if (status === 404) {
      return failure.action === 'check'
        ? 'The server has no record of this image (it may have expired). Retry to upload it again.'
        : 'The API has no such endpoint (HTTP 404): config.js may point at the wrong API URL.';
    }
    if (status === 403) return 'The API refused the request (HTTP 403): config.js may point at the wrong API URL.' + detail;
    if (status === 429 && isDailyLimit(failure)) return sentence(error.message);
    if (status === 429) return 'The API is receiving too many requests right now. Wait a few seconds and retry.';
    if (status >= 500) {
      const logs = failure.logsCommand || 'npx rekog-deploy logs upload-url';
      return 'The API had an internal problem (HTTP ' + status + ').' + detail + ' Retry in a moment; if it keeps happening, read the function logs (`' + logs + '`).';
    }
    if (status >= 200 && status < 300) return 'The API sent an answer this page does not understand (HTTP ' + status + '). Retry in a moment.';
    return 'The API answered with HTTP ' + status + '.' + detail;
  }

  /** The day's uploads have reached the stack's limit: no retry helps before the day is over. */
  function isDailyLimit(failure) {
    const error = failure.body && failure.body.error;
    return failure.status === 429 && !!error && error.code === 'DAILY_LIMIT_REACHED' && typeof error.message === 'string';
  }

  /** The sentence for a `{status: "failed", error: {code, message}}` result. */
  function describeAnalysisFailure(error) {
    if (error && error.message) return 'The image could not be analysed. ' + sentence(error.message);
    if (error && error.code) return 'The image could not be analysed (' + error.code + ').';
    return 'The image could not be analysed.';
  }

  /** The sentence for a poll that ran out of time, by the last status seen. */
  function describeTimeout(lastStatus, timeLimitMs) {
    const seconds = Math.round(timeLimitMs / 1000);
    if (lastStatus === 'awaiting-upload') {
      return (
        'The image was uploaded, but its analysis did not start within ' + seconds + ' seconds ' +
        '(the upload bucket may not be notifying the processing function). Retry to check again.'
      );
    }
    return 'The analysis is taking longer than ' + seconds + ' seconds. Retry to check again.';
  }

  /** Labels by confidence, highest first, without mutating the input. */
  function sortLabels(labels) {
    return (Array.isArray(labels) ? labels.slice() : []).sort((a, b) => (b.confidence || 0) - (a.confidence || 0));
  }

  function clamp01(value) {
    return Math.min(1, Math.max(0, Number(value) || 0));
  }

  /**
   * Every instance of every label as a box in percent of the image, clipped to the image
   * (Rekognition may return boxes that overhang the edges).
   */
  function labelBoxes(labels) {
    const boxes = [];
    for (const label of sortLabels(labels)) {
      for (const instance of label.instances || []) {
        const box = instance && instance.boundingBox;
        if (!box) continue;
        const left = clamp01(box.left);
        const top = clamp01(box.top);
        const width = Math.min(clamp01(box.width), 1 - left);
        const height = Math.min(clamp01(box.height), 1 - top);
        if (width <= 0 || height <= 0) continue;
        boxes.push({
          label: label.name,
          confidence: typeof instance.confidence === 'number' ? instance.confidence : label.confidence,
          left: left * 100,
          top: top * 100,
          width: width * 100,
          height: height * 100,
        });
      }
    }
    return boxes;
  }

  /** The size of a thumbnail that fits in a max × max square, keeping the aspect ratio. */
  function fitWithin(width, height, max) {
    const scale = Math.min(1, max / Math.max(width, height));
    return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
  }

  /** The labels as kept in history: the strongest few, without boxes. */
  function compactLabels(labels, max) {
    return sortLabels(labels)
      .slice(0, max || 10)
      .map((label) => ({ name: String(label.name), confidence: label.confidence, parents: (label.parents || []).map(String) }));
  }

  /** Adds or replaces the entry with the same key, newest first, keeping at most `limit`. */
  function addToHistory(history, entry, limit) {
    const others = history.filter((item) => item.key !== entry.key);
    return [entry].concat(others).slice(0, limit || HISTORY_LIMIT);
  }

  function isHistoryEntry(item) {
    return (
      !!item &&
      typeof item.key === 'string' &&
      typeof item.fileName === 'string' &&
      typeof item.time === 'number' &&
      typeof item.status === 'string' &&
      (item.thumbnail == null || (typeof item.thumbnail === 'string' && item.thumbnail.startsWith('data:image/'))) &&
      (item.labels == null || Array.isArray(item.labels))
    );
  }

  /** Reads the stored history, dropping anything malformed instead of failing. */
  function parseHistory(text, limit) {
    let parsed;
    try {
      parsed = JSON.parse(text || '[]');
    } catch {
      return [];
    }
    return Array.isArray(parsed) ? parsed.filter(isHistoryEntry).slice(0, limit || HISTORY_LIMIT) : [];
  }

  return {
    ACCEPTED_TYPES,
    POLL_DEFAULTS,
    HISTORY_LIMIT,
    sentence,
    formatBytes,
    formatConfidence,
    formatAge,
    readConfig,
    validateFile,
    pollDelay,
    nextPollDelay,
    isTransientStatus,
    describeS3Error,
    describeApiFailure,
    isDailyLimit,
    describeAnalysisFailure,
    describeTimeout,
    sortLabels,
    labelBoxes,
    fitWithin,
    compactLabels,
    addToHistory,
    parseHistory,
  };
});
