/**
 * CURE's recipe in one line under its start point ("fine-tuning from standard: lr 1e-3, h ramps
 * 0.05 → 1.5 over the first 240 steps after reset"): the settings in use, and, when the user has
 * changed them, the recipe's values of what changed and a button to go back to it.
 */
import { useContext } from 'react';
import { DATASETS } from '../core/datasets/registry';
import { describeCureRecipe } from '../core/lab/cureRecipe';
import { StoreContext, useApp } from './storeContext';

export function CureRecipeLine() {
  const store = useContext(StoreContext)!;
  const training = useApp((s) => s.config.training);
  const kind = useApp((s) => DATASETS[s.config.dataset].info.kind);
  const { inUse, recipe } = describeCureRecipe(training, kind);
  return (
    <p className="cure-recipe" data-testid="cure-recipe" aria-live="polite">
      <span data-testid="cure-recipe-in-use">{inUse}</span>
      {recipe && (
        <>
          {' '}
          <span className="cure-recipe__changed">(changed from the recipe: {recipe})</span>{' '}
          <button
            type="button"
            data-testid="cure-recipe-restore"
            onClick={() => store.getState().applyCureRecipe()}
          >
            use the recipe
          </button>
        </>
      )}
    </p>
  );
}
