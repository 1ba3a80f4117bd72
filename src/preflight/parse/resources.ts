/**
 * Proposed ARM resources in the estate format (what `export` writes, or a hand-edited NSG): each is
 * the resource as it will be. A resource of the current estate is modified, any other created.
 */
import type { ChangeDocument, ChangeItem } from '../change.js';
import { ChangeDocumentError } from '../change.js';
import { unresolvedExpressions } from '../expressions.js';
import { resourcesOfDocument } from '../../sources/estate-file.js';
import { formatInputError } from '../../arm/arm-resource.js';
import { normalizeResourceId } from '../../arm/resource-id.js';

export function parseProposedResources(document: unknown, file: string, currentIds: readonly string[] = []): ChangeDocument {
  const { resources, errors } = resourcesOfDocument(document, file);
  if (errors.length > 0) throw new ChangeDocumentError(errors.map(formatInputError).join('; '));
  const current = new Set(currentIds.map(normalizeResourceId));
  const items = resources.map(({ resource, origin }): ChangeItem => {
    const source = origin.path ? `${file} (${origin.path})` : file;
    if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
      throw new ChangeDocumentError(`${source}: expected a resource object`);
    }
    const body = resource as Record<string, unknown>;
    if (typeof body.id !== 'string' || body.id === '') throw new ChangeDocumentError(`${source}: the resource has no id`);
    return {
      resourceId: body.id,
      action: current.has(normalizeResourceId(body.id)) ? 'modify' : 'create',
      source,
      after: body,
      unknown: unresolvedExpressions(body),
    };
  });
  return { format: 'resources', file, items, notes: [] };
}
