/** The page's entry module (index.html loads it; the import map resolves uplot and socket.io-client). */
import { startApp } from './app.js';

const root = document.getElementById('app');
if (root) startApp(root);
