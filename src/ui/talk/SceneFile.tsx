/**
 * The talk's scenes as a file: "Download scenes" saves the list in use, "Load scenes" reads one
 * (readSceneFile validates it); a malformed file is refused with a notice naming what is wrong,
 * and the talk keeps the scenes it had.
 */
import { readSceneFile, writeSceneFile } from '../../core/talk/scenes';
import { download } from '../export/raster';
import { useApp, useAppStore } from '../storeContext';

export function SceneFile() {
  const store = useAppStore();
  const scenes = useApp((s) => s.presentation.scenes);
  const load = async (file: File) => {
    const { addNotice, setScenes } = store.getState();
    const read = readSceneFile(await file.text());
    if (!read.ok) {
      addNotice('error', `Scenes in ${file.name} were not loaded: ${read.message}.`);
      return;
    }
    setScenes(read.scenes);
    addNotice('info', `Loaded ${read.scenes.length} scenes from ${file.name}.`);
  };
  return (
    <span className="scene-file">
      <label className="scene-file__load">
        Load scenes
        <input
          type="file"
          accept="application/json,.json"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void load(file);
          }}
        />
      </label>
      <button
        type="button"
        onClick={() =>
          download(writeSceneFile(scenes), 'curvature-lab-scenes.json', 'application/json')
        }
      >
        Download scenes
      </button>
    </span>
  );
}
