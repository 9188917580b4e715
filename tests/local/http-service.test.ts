import { startHttpService, type HttpService, type Problem } from '../../scripts/local/http/start-server';
import { PortInUseError } from '../../scripts/local/conflicts';
import { sendRaw } from '../support/local-cloud/raw-http';

const log = jest.fn<void, [string]>();
let service: HttpService;

beforeAll(async () => {
  service = await startHttpService({
    name: 'test',
    port: 0,
    host: '127.0.0.1',
    log,
    reply: (problem: Problem) => ({ status: { 'bad-request': 400, 'unknown-host': 403, timeout: 408, 'headers-too-large': 431, 'internal-error': 500 }[problem], headers: { 'Content-Type': 'text/x-test' }, body: problem }),
    handle: async (request, response) => {
      if (request.url === '/throw') throw new Error('thrown while handling');
      if (request.url === '/reject') await Promise.reject(new Error('rejected while handling'));
      if (request.url === '/throw-late') {
        response.writeHead(200);
        response.write('partial');
        throw new Error('thrown after the answer began');
      }
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end('fine');
    },
  });
});

afterAll(() => service.close());

const get = (target: string, headers = '') => sendRaw(service.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${service.port}\r\nConnection: close\r\n${headers}\r\n`);

test.each(['/throw', '/reject'])('an error in the handler (%s) is answered with the service 500 and a log line', async (target) => {
  const answer = await get(target);

  expect(answer).toMatchObject({ status: 500, headers: { 'content-type': 'text/x-test' }, body: 'internal-error' });
  expect(log).toHaveBeenCalledWith(expect.stringContaining(`test GET ${target} 500`));
  expect((await get('/')).status).toBe(200);
});

test('an error after the answer began cuts that connection and nothing else', async () => {
  const answer = await get('/throw-late');

  expect(answer.body).not.toContain('internal-error');
  expect((await get('/')).status).toBe(200);
});

test('a request line Node cannot parse is 400 in the service format', async () => {
  const answer = await sendRaw(service.port, 'GET / HTTP/9.9 extra\r\n\r\n');

  expect(answer).toMatchObject({ status: 400, body: 'bad-request' });
});

test('headers larger than Node accepts are 431 in the service format', async () => {
  const answer = await get('/', `X-Big: ${'a'.repeat(20_000)}\r\n`);

  expect(answer).toMatchObject({ status: 431, body: 'headers-too-large' });
});

test('a port already taken is named in the error', async () => {
  await expect(startHttpService({ name: 'other', port: service.port, host: '127.0.0.1', log, reply: () => ({ status: 500, headers: {}, body: '' }), handle: () => undefined })).rejects.toEqual(
    new PortInUseError(service.port),
  );
});
