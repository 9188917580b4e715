/**
 * Generated hostile requests for the three public ports of the local cloud: bad percent-escapes,
 * request lines no parser takes, broken multipart bodies, huge or missing headers, wrong methods,
 * odd paths, forged signatures. Deterministic for a seed, so a failure can be replayed.
 */

export interface Ports {
  site: number;
  api: number;
  s3: number;
}

export interface MalformedRequest {
  port: keyof Ports;
  kind: string;
  bytes: Buffer;
}

/** mulberry32: a small seeded generator. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateMalformedRequests(count: number, ports: Ports, bucket: string, seed = 20260715): MalformedRequest[] {
  const random = randomFrom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const integer = (max: number) => Math.floor(random() * max);
  const bytes = (length: number) => Buffer.from(Array.from({ length }, () => integer(256)));

  const badEscapes = ['%E0', '%', '%zz', '%C0%AF', '%FF%FE', '%00', '%E0%A4%A', '%%', '%u0041', '%ED%A0%80'];
  const oddPaths = [
    '//',
    '/..',
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/prod/../prod/detect-labels',
    `/${bucket}/uploads/../../x`,
    `/${bucket}//`,
    '/\\..\\..',
    '/é/ü/ß',
    `/${'a'.repeat(5000)}`,
    '/?',
    '/#fragment',
    `/${bucket}?uploads&cors&delete&website&acl&versioning&policy`,
    '/prod/detect-labels?key=%E0',
    `/${bucket}/uploads/x.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=%E0`,
  ];
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'get', 'M-SEARCH', 'BREW'];
  const routes: Record<keyof Ports, string[]> = {
    site: ['/', '/index.html', '/app.js', '/config.js', '/missing'],
    api: ['/prod/generate-upload-url', '/prod/detect-labels', '/prod', '/', '/stage/x'],
    s3: [`/${bucket}`, `/${bucket}/`, `/${bucket}/uploads/a.jpg`, `/${bucket}?x`, '/', '/other-bucket'],
  };

  const request = (lines: string[], body: Buffer | string = ''): Buffer => {
    const payload = Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1');
    return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
  };
  const host = (port: keyof Ports) => `Host: 127.0.0.1:${ports[port]}`;
  const framed = (port: keyof Ports, method: string, target: string, headers: string[], body: Buffer | string = '') => {
    const length = Buffer.isBuffer(body) ? body.length : Buffer.byteLength(body, 'latin1');
    return request([`${method} ${target} HTTP/1.1`, host(port), 'Connection: close', ...headers, `Content-Length: ${length}`], body);
  };

  const multipart = (): { boundary: string; body: string } => {
    const boundary = pick(['b', 'x'.repeat(80), '----WebKitFormBoundary7MA4YWxkTrZu0gW', '"quoted"', '']);
    const part = (name: string, value: string, extra = '') => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${value}\r\n`;
    const pieces = [
      part('key', pick(['uploads/a.jpg', '', '../../x', 'uploads/${filename}', '\u0000'])),
      part('Policy', pick(['', 'e30=', '!!!', 'eyJleHBpcmF0aW9uIjoxfQ==', 'a'.repeat(3000)])),
      part('X-Amz-Signature', pick(['', '00', 'z'.repeat(64)])),
      part('X-Amz-Credential', pick(['local/20260101/us-east-1/s3/aws4_request', '', '/////', 'a/b'])),
      part('X-Amz-Algorithm', pick(['AWS4-HMAC-SHA256', 'MD5', ''])),
      part('X-Amz-Date', pick(['20260101T000000Z', 'yesterday', ''])),
      part('file', bytes(integer(64)).toString('latin1'), pick(['; filename="a.jpg"', '; filename="a', '; filename*=UTF-8\'\'%E0', '\r\nContent-Type: image/jpeg', ''])),
    ];
    const kept = pieces.filter(() => random() < 0.8);
    const ending = pick([`--${boundary}--\r\n`, `--${boundary}`, '--', '', `--${boundary}--\r\n--${boundary}\r\n`]);
    const mangled = kept.join('').replace(/\r\n/g, () => pick(['\r\n', '\r\n', '\r\n', '\n', '\r']));
    return { boundary, body: `${mangled}${ending}` };
  };

  const generators: Array<() => MalformedRequest> = [
    () => {
      const port = pick(['site', 'api', 's3'] as const);
      return { port, kind: 'bad escape', bytes: framed(port, pick(methods.slice(0, 5)), `/${pick(badEscapes)}${pick(['', '/x', '?a=%E0'])}`, []) };
    },
    () => {
      const port = pick(['site', 'api', 's3'] as const);
      const line = pick([
        'GET http://[ HTTP/1.1',
        'GET  HTTP/1.1',
        'GET / HTTP/2.0',
        'GET / HTTP/1.1 trailing',
        'GET /',
        'GET * HTTP/1.1',
        `CONNECT 127.0.0.1:${ports[port]} HTTP/1.1`,
        `GET http://127.0.0.1:${ports[port]}/ HTTP/1.1`,
        'GET http://user:pass@[::1]:x/ HTTP/1.1',
        `GET ${'/'.repeat(3)}\u0000 HTTP/1.1`,
        ' GET / HTTP/1.1',
        'GET\t/\tHTTP/1.1',
      ]);
      return { port, kind: 'bad request line', bytes: request([line, host(port), 'Connection: close']) };
    },
    () => ({ port: pick(['site', 'api', 's3'] as const), kind: 'garbage bytes', bytes: Buffer.concat([bytes(1 + integer(200)), Buffer.from('\r\n\r\n')]) }),
    () => {
      const { boundary, body } = multipart();
      const contentType = pick([`multipart/form-data; boundary=${boundary}`, 'multipart/form-data', `multipart/form-data; boundary="${boundary}`, 'multipart/mixed; boundary=b', 'text/plain']);
      return { port: 's3', kind: 'broken multipart', bytes: framed('s3', 'POST', pick([`/${bucket}`, `/${bucket}/`, `/${bucket}?x=1`, `/${bucket}?uploads`]), [`Content-Type: ${contentType}`], body) };
    },
    () => {
      const port = pick(['site', 'api', 's3'] as const);
      const headers = pick([[`X-Big: ${'a'.repeat(17_000 + integer(10_000))}`], Array.from({ length: 1_000 + integer(2_000) }, (_, index) => `X-H${index}: ${index}`), [`Cookie: ${'c=1; '.repeat(5_000)}`]]);
      return { port, kind: 'huge headers', bytes: framed(port, 'GET', pick(routes[port]), headers) };
    },
    () => {
      const port = pick(['site', 'api', 's3'] as const);
      const upgrade = random() < 0.2 ? ['Upgrade: websocket', 'Sec-WebSocket-Version: 13'] : [];
      return { port, kind: 'wrong method', bytes: framed(port, pick(methods), pick(routes[port]), ['Content-Type: application/json', ...upgrade], pick(['', '{}', 'x'])) };
    },
    () => {
      const port = pick(['site', 'api', 's3'] as const);
      return { port, kind: 'odd path', bytes: framed(port, pick(['GET', 'POST', 'OPTIONS']), pick(oddPaths), []) };
    },
    () => {
      const port = pick(['site', 'api', 's3'] as const);
      const hostLine = pick(['Host: rebind.example', 'Host:', `Host: 127.0.0.1:${ports[port]}\r\nHost: evil.example`, 'Host: [::1', `Host: 127.0.0.1:${ports[port]} x`, '']);
      return { port, kind: 'bad host', bytes: request([`GET ${pick(routes[port])} HTTP/1.1`, ...(hostLine ? [hostLine] : []), 'Connection: close']) };
    },
    () => {
      const body = pick(['{', '[]', 'null', '"x"', '{"key":{"$ne":1}}', `{"key":"${'a'.repeat(3000)}"}`, '[' .repeat(5_000), '{"fileName":"a.jpg","contentType":"image/jpeg","size":1e309}', '\u0000\u0001', '{"key":"uploads/%E0.jpg"}']);
      return { port: 'api', kind: 'bad JSON', bytes: framed('api', 'POST', pick(['/prod/generate-upload-url', '/prod/detect-labels']), [pick(['Content-Type: application/json', 'Content-Type: image/png', ''])].filter(Boolean), body) };
    },
    () => {
      const port = pick(['api', 's3'] as const);
      const chunks = pick(['zz\r\nabc\r\n0\r\n\r\n', '5\r\nabc\r\n0\r\n\r\n', 'ffffffffffffffff\r\n', '3;ext="\r\nabc\r\n0\r\n\r\n', '0\r\n\r\n']);
      const smuggle = random() < 0.5 ? ['Content-Length: 4'] : [];
      return { port, kind: 'bad chunked body', bytes: request([`POST ${pick(routes[port])} HTTP/1.1`, host(port), 'Connection: close', 'Transfer-Encoding: chunked', ...smuggle], chunks) };
    },
    () => {
      const authorization = pick([
        'AWS4-HMAC-SHA256',
        'AWS4-HMAC-SHA256 Credential=',
        'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
        'AWS4-HMAC-SHA256 Credential=local/x, SignedHeaders=, Signature=',
        'AWS local:abc',
        'Bearer x',
        `AWS4-HMAC-SHA256 Credential=${'/'.repeat(100)}, SignedHeaders=${';'.repeat(100)}, Signature=x`,
      ]);
      const date = pick(['20260101T000000Z', 'x', '99999999T999999Z', '']);
      return {
        port: 's3',
        kind: 'forged signature',
        bytes: framed('s3', pick(['GET', 'PUT', 'DELETE', 'POST']), pick(routes.s3), [`Authorization: ${authorization}`, `X-Amz-Date: ${date}`, `X-Amz-Content-Sha256: ${pick(['UNSIGNED-PAYLOAD', 'e3b0', ''])}`], pick(['', '<Delete/>'])),
      };
    },
  ];

  return Array.from({ length: count }, () => pick(generators)());
}
