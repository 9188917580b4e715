// `npm test`: eslint and jest side by side, as neither keeps two cores busy all the time (jest's
// workers wait on moto, local clouds and child processes); one after the other took about twenty
// seconds longer on a 2-core machine. eslint's report is printed once jest has finished; the exit
// status is eslint's if it failed, else jest's. Arguments go to jest: `npm test -- tests/local`.
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const finished = (child) => new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));

const lint = spawn(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '.'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
const report = [];
lint.stdout.on('data', (chunk) => report.push(chunk));
lint.stderr.on('data', (chunk) => report.push(chunk));
const jest = spawn(process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });

Promise.all([finished(lint), finished(jest)]).then(([lintStatus, jestStatus]) => {
  process.stdout.write(Buffer.concat(report));
  process.stdout.write(lintStatus === 0 ? 'eslint: no problems\n' : `eslint: failed (exit status ${lintStatus})\n`);
  process.exitCode = lintStatus || jestStatus;
});
