import { engine } from '../engine/client';
import { useStore } from '../store/store';
import { NamePrompt } from './NamePrompt';

/** "Register model": the model this node holds (or exports) as the next version of a name in the registry. */
export function RegisterModel({ nodeId }: { nodeId: string }) {
  const notify = useStore((s) => s.notify);
  const pipeline = useStore((s) => s.name);
  return (
    <NamePrompt
      button="Register model"
      field="Model name"
      submit="Register"
      onSubmit={async (name) => {
        try {
          const m = await engine().registerModel(nodeId, name, pipeline);
          notify('info', `Registered model "${m.name}" v${m.version}`, [
            'Compare, promote and download it under Models; a Registered model node scores new data with it.',
          ]);
          window.dispatchEvent(new Event('pipewright-models-changed'));
          return true;
        } catch (err) {
          notify('error', 'Not registered', [err instanceof Error ? err.message : String(err)]);
          return false;
        }
      }}
    />
  );
}
