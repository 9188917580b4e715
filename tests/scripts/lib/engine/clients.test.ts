import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createClients, destroyClients, type Clients } from '../../../../scripts/lib/engine/clients';
import { toDeployError } from '../../../../scripts/lib/engine/errors';

const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const opened: Clients[] = [];
afterAll(() => opened.forEach(destroyClients));

function clientsAt(endpoint: string, timeouts = { connectionMs: 500, requestMs: 100 }): Clients {
  const clients = createClients({ region: 'us-east-1', credentials: CREDENTIALS, endpoints: { dynamodb: endpoint }, timeouts });
  opened.push(clients);
  return clients;
}

function listening<T extends Server | TcpServer>(server: T): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

describe('every client has timeouts, and a network failure names the endpoint', () => {
  test('an endpoint that takes the connection and never answers ends in a NETWORK error naming it, within the timeouts', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => void sockets.push(socket));
    const endpoint = await listening(silent);
    const started = Date.now();
    const error = await clientsAt(endpoint).dynamodb.send(new DescribeTableCommand({ TableName: 't' })).catch((caught: unknown) => caught);
    const reason = toDeployError(error, endpoint);
    expect(reason).toMatchObject({ code: 'NETWORK', message: expect.stringContaining(`${endpoint} did not answer in time (dynamodb:DescribeTable)`) });
    // Five attempts of a tenth of a second each, with the SDK's backoff between them: bounded, not for ever.
    expect(Date.now() - started).toBeLessThan(15_000);
    for (const socket of sockets) socket.destroy();
    silent.close();
  });

  test('throttling is retried by the SDK itself, and the call then succeeds', async () => {
    let calls = 0;
    const server = createServer((request, response) => {
      request.resume();
      calls += 1;
      response.setHeader('Content-Type', 'application/x-amz-json-1.0');
      if (calls < 3) {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate exceeded' }));
        return;
      }
      response.end(JSON.stringify({ Table: { TableName: 't', TableStatus: 'ACTIVE' } }));
    });
    const endpoint = await listening(server);
    const answer = await clientsAt(endpoint, { connectionMs: 2000, requestMs: 5000 }).dynamodb.send(new DescribeTableCommand({ TableName: 't' }));
    expect(answer.Table?.TableStatus).toBe('ACTIVE');
    expect(calls).toBe(3);
    server.close();
  });
});
