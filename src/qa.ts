/**
 * `botbuilder-privacy/qa`: transports that drive a bot through scripted conversations, over HTTP
 * (`deliveryMode: expectReplies`) or in process. This entry loads none of ioredis, express or prom-client.
 *
 * @packageDocumentation
 */
export { ConvoTransportError, type ConvoTransport } from './qa/transport';
export { HttpConvoTransport, type HttpConvoTransportOptions } from './qa/http-transport';
export { startAppTransport } from './qa/app-transport';
