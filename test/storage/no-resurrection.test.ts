import {
  AutoSaveStateMiddleware,
  ConversationState,
  TestAdapter,
  UserState,
  type TurnContext,
} from 'botbuilder-core';
import { subjectOfActivity, SubjectScopeMiddleware } from '../../src/turn/subject-scope-middleware';
import type { DataSubject } from '../../src/core/subject';
import { everyBackend, type BackendStores } from '../support/backends';

// botbuilder saves state with eTag "*" at the end of every turn. These tests run the real BotState +
// AutoSaveStateMiddleware flow and check that an erasure is never undone by a save, on memory, one
// Redis server and a Redis Cluster.

const user1: DataSubject = { channelId: 'test', userId: 'user1' };
const bob: DataSubject = { channelId: 'test', userId: 'bob' };

describe.each(everyBackend().map((backend) => [backend.name, backend] as const))(
  'on %s',
  (_name, backend) => {
    let stores: BackendStores;

    beforeEach(() => {
      stores = backend.stores();
    });

    function bot() {
      const { storage, erasure } = stores;
      const userState = new UserState(storage);
      const conversationState = new ConversationState(storage);
      const name = userState.createProperty<string>('name');
      const history = conversationState.createProperty<string[]>('history');
      const gates = new Map<string, { loaded: () => void; release: Promise<void> }>();

      const logic = async (context: TurnContext) => {
        const text = context.activity.text ?? '';
        const seen = await history.get(context, []);
        seen.push(text);
        if (text.startsWith('my name is ')) {
          await name.set(context, text.slice('my name is '.length));
        } else if (text === 'forget me') {
          await erasure.eraseSubject(subjectOfActivity(context.activity)!);
          // Work the bot does after the erasure in the same turn must not be kept either.
          await name.set(context, 'written after erasure');
        } else if (gates.has(text)) {
          const gate = gates.get(text)!;
          await name.get(context);
          gate.loaded();
          await gate.release;
          await name.set(context, `changed by ${text}`);
        }
        await context.sendActivity(`hello ${(await name.get(context)) ?? 'stranger'}`);
      };

      const adapter = new TestAdapter(logic);
      adapter.use(new SubjectScopeMiddleware());
      adapter.use(new AutoSaveStateMiddleware(userState, conversationState));

      /** Registers a turn that pauses after loading state until released. */
      function gate(text: string) {
        let loaded!: () => void;
        let release!: () => void;
        const loadedPromise = new Promise<void>((r) => (loaded = r));
        const releasePromise = new Promise<void>((r) => (release = r));
        gates.set(text, { loaded, release: releasePromise });
        return { loaded: loadedPromise, release };
      }
      return { adapter, logic, gate };
    }

    /** What the backend holds for user1 and bob (on Redis: everything under the keyspace's prefix). */
    function storedText(): Promise<string> {
      return stores.stored([user1, bob]);
    }

    it("a turn that erases the user's data does not write it back when the turn's state is saved", async () => {
      const { adapter } = bot();
      await adapter
        .send('my name is Alice Example')
        .assertReply('hello Alice Example')
        .send('forget me')
        .assertReply((reply) => expect(reply.text).toMatch(/^hello/))
        .startTest();
      const stored = await storedText();
      expect(stored).not.toContain('Alice Example');
      expect(stored).not.toContain('written after erasure');
      expect(stored).not.toContain('my name is');
      expect(stored).not.toContain('user1');
      // The next message is a first interaction again, and new data is kept normally.
      await adapter
        .send('hi')
        .assertReply('hello stranger')
        .send('my name is Ana')
        .assertReply('hello Ana')
        .startTest();
      expect(await storedText()).toContain('Ana');
    });

    it('a concurrent turn that loaded state before the erasure cannot write it back', async () => {
      const { adapter, logic, gate } = bot();
      await adapter.send('my name is Alice Example').assertReply('hello Alice Example').startTest();

      const slow = gate('slow turn');
      const slowTurn = adapter.processActivity(adapter.makeActivity('slow turn'), logic);
      await slow.loaded; // the slow turn has read Alice's state
      await adapter.processActivity(adapter.makeActivity('forget me'), logic);
      slow.release();
      await slowTurn; // ... and now saves it with eTag "*"

      const stored = await storedText();
      expect(stored).not.toContain('Alice Example');
      expect(stored).not.toContain('changed by slow turn');
      expect(stored).not.toContain('slow turn');
    });

    it('many concurrent turns racing one erasure leave nothing behind', async () => {
      const { adapter, logic, gate } = bot();
      await adapter.send('my name is Alice Example').startTest();
      const gates = Array.from({ length: 20 }, (_, i) => gate(`turn ${i}`));
      const turns = gates.map((_, i) => adapter.processActivity(adapter.makeActivity(`turn ${i}`), logic));
      await Promise.all(gates.map((g) => g.loaded));
      const erasure = adapter.processActivity(adapter.makeActivity('forget me'), logic);
      gates.forEach((g, i) => (i % 2 ? setImmediate(g.release) : g.release()));
      await Promise.all([...turns, erasure]);
      const stored = await storedText();
      expect(stored).not.toContain('Alice');
      expect(stored).not.toMatch(/turn \d/);
    });

    it("erasing one user does not stop another user's concurrent turn from saving", async () => {
      const { adapter, logic } = bot();
      await adapter.send('my name is Alice Example').startTest();
      const bobTurn = adapter.processActivity(
        {
          ...adapter.makeActivity('my name is Bob'),
          from: { id: 'bob', name: 'Bob' },
          conversation: { id: 'conv-bob' },
        } as never,
        logic,
      );
      await Promise.all([bobTurn, adapter.processActivity(adapter.makeActivity('forget me'), logic)]);
      const stored = await storedText();
      expect(stored).toContain('Bob');
      expect(stored).not.toContain('Alice');
    });
  },
);
