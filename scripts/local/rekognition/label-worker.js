// @ts-check
'use strict';
// The entry of the worker thread that decodes images and runs the model (label-worker-thread.ts).
// A worker thread is a fresh Node.js instance that neither the main thread's tsx nor ts-jest
// reaches, so it loads TypeScript through tsx itself, as bin/rekog-deploy.js does.
require('tsx/cjs');
require('./label-worker-thread.ts');
