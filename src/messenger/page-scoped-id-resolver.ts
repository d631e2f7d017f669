import type { DataSubject } from '../core/subject';
import { subjectKey, type AppScopedIdLinks } from './app-scoped-id-links';

/**
 * Finds who a Facebook app-scoped id (ASID, what Meta's data deletion callback names) is to the bot: the
 * data subjects it stores data under (page-scoped ids, PSIDs, on the `facebook` channel).
 *
 * Implementations answer for what they know, and throw when they cannot tell (a service down or slow):
 * an empty answer means "this person is not known", a rejection means "ask again later". Brands plug in
 * their own (e.g. an account-linking database) next to {@link GraphPageScopedIdResolver} and
 * {@link LinkedPageScopedIdResolver}, combined with {@link combinePageScopedIdResolvers}.
 */
export interface PageScopedIdResolver {
  /** The subjects the person with this app-scoped id is known as; empty when none. */
  resolve(asid: string): Promise<DataSubject[]>;
  /**
   * Optional: drops what this resolver itself keeps about `asid` (e.g. recorded links). Called after
   * the subjects were erased.
   */
  forget?(asid: string): Promise<void>;
}

/** The links the bot recorded itself ({@link AppScopedIdLinks.link}, e.g. at a first message or an account linking). */
export class LinkedPageScopedIdResolver implements PageScopedIdResolver {
  constructor(private readonly links: AppScopedIdLinks) {}

  resolve(asid: string): Promise<DataSubject[]> {
    return this.links.subjectsFor(asid);
  }

  forget(asid: string): Promise<void> {
    return this.links.unlink(asid);
  }
}

/**
 * One resolver over several: asks all of them at once and answers the union (each subject once). If any
 * of them fails, the whole resolution fails, so a person is never erased only in part because one
 * source was down.
 *
 * @example
 * const resolver = combinePageScopedIdResolvers([
 *   new GraphPageScopedIdResolver({ appId, appSecret }),
 *   new LinkedPageScopedIdResolver(links),
 * ]);
 */
export function combinePageScopedIdResolvers(
  resolvers: readonly PageScopedIdResolver[],
): PageScopedIdResolver {
  const all = [...resolvers];
  return {
    async resolve(asid: string): Promise<DataSubject[]> {
      const found = await Promise.all(all.map((resolver) => resolver.resolve(asid)));
      const unique = new Map<string, DataSubject>();
      for (const subject of found.flat()) {
        unique.set(subjectKey(subject), {
          channelId: subject.channelId,
          userId: subject.userId,
        });
      }
      return [...unique.values()];
    },
    async forget(asid: string): Promise<void> {
      await Promise.all(all.map((resolver) => resolver.forget?.(asid)));
    },
  };
}
