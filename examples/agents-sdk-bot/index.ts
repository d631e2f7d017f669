import { serveExample } from '../home-services-bot/serve-example';
import { createAgentsBotApp } from './app';

serveExample('Home Services agent (Agents SDK)', createAgentsBotApp);
