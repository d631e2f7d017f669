import {
  DialogSet as AgentsDialogSet,
  type DialogContext,
  type DialogState,
} from '@microsoft/agents-hosting-dialogs';
import type { TurnContext } from '../turn/turn-context';
import type { StatePropertyAccessor } from '../turn/turn-state';

type DialogTurnContext = Parameters<AgentsDialogSet['createContext']>[0];

/**
 * `@microsoft/agents-hosting-dialogs`' DialogSet, taking the turn context and state properties of
 * `@microsoft/agents-hosting` 1.x. The dialogs package 0.6 is typed against its own copy of the SDK (0.6),
 * whose TurnContext the 1.x one does not type-check against; the objects are the same at runtime.
 */
export class DialogSet extends AgentsDialogSet {
  constructor(dialogState?: StatePropertyAccessor<DialogState>) {
    super(dialogState as ConstructorParameters<typeof AgentsDialogSet>[0]);
  }

  override createContext(context: TurnContext | DialogTurnContext): Promise<DialogContext> {
    return super.createContext(context as DialogTurnContext);
  }
}
