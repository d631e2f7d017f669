import { createBotApp } from './app';
import { serveExample } from './serve-example';

serveExample('Home Services bot', createBotApp);
