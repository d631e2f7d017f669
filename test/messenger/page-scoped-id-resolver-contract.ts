import type { DataSubject } from '../../src/core/subject';
import type { PageScopedIdResolver } from '../../src/messenger/page-scoped-id-resolver';

/** A resolver under test, with the means to teach it people and to break its source. */
export interface ResolverFixture {
  resolver: PageScopedIdResolver;
  /** Makes `asid` known as these page-scoped ids (channel `facebook`). */
  know(asid: string, psids: string[]): Promise<void>;
  /** True when everything the resolver knows came from links it can forget (no outside source). */
  forgetsAll?: boolean;
  /** Makes the source unavailable (down, slow, erroring); undefined for sources that cannot fail. */
  breakSource?: () => Promise<void>;
  close(): Promise<void>;
}

const ASID = '10150000111122223';
const OTHER_ASID = '10150000999988887';
const UNKNOWN_ASID = '10150000555544443';
const fb = (userId: string): DataSubject => ({ channelId: 'facebook', userId });
const sorted = (subjects: DataSubject[]) => [...subjects].sort((a, b) => (a.userId < b.userId ? -1 : 1));

/**
 * What every PageScopedIdResolver must do, whatever its source: the data deletion callback relies on an
 * empty answer meaning "not known" and a rejection meaning "cannot tell now".
 */
export function describePageScopedIdResolverContract(
  name: string,
  make: () => Promise<ResolverFixture>,
): void {
  describe(`PageScopedIdResolver contract: ${name}`, () => {
    let fixture: ResolverFixture;
    beforeEach(async () => {
      fixture = await make();
    });
    afterEach(() => fixture.close());

    it('answers an empty list for an unknown app-scoped id', async () => {
      expect(await fixture.resolver.resolve(UNKNOWN_ASID)).toEqual([]);
    });

    it('answers every page-scoped id of the person, each once, and never those of another', async () => {
      await fixture.know(ASID, ['7001000200030004', '7009000800070006']);
      await fixture.know(OTHER_ASID, ['7005555566667777']);
      expect(sorted(await fixture.resolver.resolve(ASID))).toEqual([
        fb('7001000200030004'),
        fb('7009000800070006'),
      ]);
      expect(await fixture.resolver.resolve(OTHER_ASID)).toEqual([fb('7005555566667777')]);
    });

    it('rejects an app-scoped id that is not an id, without quoting it', async () => {
      for (const bad of ['', 'x'.repeat(200), 'has space']) {
        const error = await fixture.resolver.resolve(bad).then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(error).toBeInstanceOf(TypeError);
        if (bad) expect(error!.message).not.toContain(bad);
      }
    });

    it('forgets what it keeps about a person when asked, and only that', async () => {
      await fixture.know(ASID, ['7001000200030004']);
      await fixture.know(OTHER_ASID, ['7005555566667777']);
      if (!fixture.resolver.forget) return; // a source that keeps nothing (Graph) has nothing to forget
      await fixture.resolver.forget(ASID);
      if (fixture.forgetsAll) expect(await fixture.resolver.resolve(ASID)).toEqual([]);
      expect(await fixture.resolver.resolve(OTHER_ASID)).toEqual([fb('7005555566667777')]);
    });

    it('rejects, never answers "nobody", when its source is unavailable', async () => {
      await fixture.know(ASID, ['7001000200030004']);
      if (!fixture.breakSource) {
        // An in-process source cannot be down: it must still answer.
        expect(await fixture.resolver.resolve(ASID)).toEqual([fb('7001000200030004')]);
        return;
      }
      await fixture.breakSource();
      await expect(fixture.resolver.resolve(ASID)).rejects.toThrow();
    });
  });
}
