import type { Response } from 'express';
import type { ExportSink } from '../core/export-writer';
import { PrivacyError } from '../core/errors';

/**
 * An {@link ExportSink} writing to an HTTP response with backpressure: each write waits while the
 * response's buffer is full (`drain`), and fails once the client has gone, so the export stops reading.
 * `start` sets the status and headers, just before the first chunk.
 */
export class ResponseSink implements ExportSink {
  private started = false;

  constructor(
    private readonly res: Response,
    private readonly start: () => void,
  ) {}

  async write(chunk: string): Promise<void> {
    const { res } = this;
    if (res.destroyed || res.writableEnded) throw new PrivacyError('The client closed the download.');
    if (!this.started) {
      this.started = true;
      this.start();
    }
    if (res.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        res.off('drain', drained);
        res.off('close', closed);
        if (error) reject(error);
        else resolve();
      };
      const drained = () => done();
      const closed = () => done(new PrivacyError('The client closed the download.'));
      res.on('drain', drained);
      res.on('close', closed);
    });
  }
}
