import { serveExample } from '../home-services-bot/serve-example';
import { createAgentsBotApp } from './app';

// The Agents SDK's CloudAdapter throws at construction in production without a client id.
serveExample('Home Services agent (Agents SDK)', createAgentsBotApp, { credentialsRequired: true });
