import { engine } from '../engine/client';
import { useStore } from '../store/store';
import { NamePrompt } from './NamePrompt';

/** "Save as dataset": this output as the next version of a named dataset, readable by a Dataset node in any pipeline. */
export function SaveAsDataset({ nodeId, port }: { nodeId: string; port: string }) {
  const notify = useStore((s) => s.notify);
  const pipeline = useStore((s) => s.name);
  return (
    <NamePrompt
      button="Save as dataset"
      field="Dataset name"
      submit="Save"
      onSubmit={async (name) => {
        try {
          const saved = await engine().saveDataset(nodeId, port, name, pipeline);
          notify('info', `Saved dataset "${saved.name}" v${saved.version}`, [
            `${saved.rows.toLocaleString('en-US')} rows, ${saved.columns.length} columns. Read it with a Dataset node in any pipeline.`,
          ]);
          window.dispatchEvent(new Event('pipewright-datasets-changed'));
          return true;
        } catch (err) {
          notify('error', 'Not saved as a dataset', [err instanceof Error ? err.message : String(err)]);
          return false;
        }
      }}
    />
  );
}
