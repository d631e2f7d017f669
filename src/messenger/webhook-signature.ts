import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ConfigurationError } from '../core/errors';

/** Options of {@link verifyWebhookSignature}: the app secret that signs Meta's webhook requests. */
export interface WebhookSignatureOptions {
  /** The Facebook app secret Meta signs webhook deliveries with. */
  appSecret: string;
  /** Largest body accepted (body-parser syntax). Default `1mb`. */
  limit?: string | number;
}

const HEADER = 'x-hub-signature-256';
const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;
const RAW_BODY = Symbol.for('botbuilder-privacy.rawBody');

/**
 * For `express.json({ verify: captureRawBody })`, when a JSON parser must run before
 * {@link verifyWebhookSignature}: it keeps the raw bytes the signature is computed over.
 */
export function captureRawBody(req: IncomingMessage, _res: unknown, buffer: Buffer): void {
  (req as IncomingMessage & { [RAW_BODY]?: Buffer })[RAW_BODY] = buffer;
}

/**
 * Express middleware for apps that receive Messenger webhooks directly: checks `X-Hub-Signature-256`
 * (`sha256=<hex>`, the HMAC-SHA256 of the raw body with the app secret) in constant time.
 *
 * Missing header: 401 `{error}`. Malformed or wrong signature: 403 `{error}`. Otherwise the JSON body
 * is parsed into `req.body` and the request goes on. Mount it before any body parser, or give that
 * parser `verify: captureRawBody`.
 */
export function verifyWebhookSignature(options: WebhookSignatureOptions): RequestHandler {
  if (!options || typeof options.appSecret !== 'string' || options.appSecret.length === 0) {
    throw new ConfigurationError('verifyWebhookSignature needs the app secret.');
  }
  const secret = options.appSecret;
  const readRaw = express.raw({ type: () => true, limit: options.limit ?? '1mb' });

  const check = (req: Request, res: Response, next: NextFunction): void => {
    const raw = rawBodyOf(req);
    if (!raw) {
      res.status(500).json({
        error: 'The webhook body was parsed before its signature could be checked: use captureRawBody.',
      });
      return;
    }
    const header = req.get(HEADER);
    if (!header) {
      res.status(401).json({ error: 'Missing X-Hub-Signature-256 header.' });
      return;
    }
    const match = SIGNATURE.exec(header.trim());
    if (!match) {
      res.status(403).json({ error: 'Malformed X-Hub-Signature-256 header: expected sha256=<hex>.' });
      return;
    }
    const given = Buffer.from(match[1], 'hex');
    const expected = createHmac('sha256', secret).update(raw).digest();
    if (!timingSafeEqual(given, expected)) {
      res.status(403).json({ error: 'Invalid X-Hub-Signature-256 signature.' });
      return;
    }
    if (Buffer.isBuffer(req.body)) {
      try {
        req.body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
      } catch {
        // A signed body that is not JSON: 400, nothing reaches the bot.
        res.status(400).json({ error: 'The webhook body is not valid JSON.' });
        return;
      }
    }
    next();
  };

  return (req, res, next) => {
    readRaw(req, res, (error?: unknown) => {
      if (error) {
        const status = (error as { status?: unknown }).status;
        res.status(typeof status === 'number' && status >= 400 && status < 500 ? status : 400);
        res.json({ error: 'The webhook body could not be read.' });
        return;
      }
      check(req, res, next);
    });
  };
}

function rawBodyOf(req: Request): Buffer | undefined {
  if (Buffer.isBuffer(req.body)) return req.body;
  const captured = (req as Request & { [RAW_BODY]?: Buffer })[RAW_BODY];
  if (Buffer.isBuffer(captured)) return captured;
  // Nothing was sent at all (no body parser ran and the stream was empty).
  return req.body === undefined ? Buffer.alloc(0) : undefined;
}
