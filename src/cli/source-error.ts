/** Thrown for a source that cannot be opened at all (missing path, unreadable directory, bad scope). */
export class SourceError extends Error {
  override name = 'SourceError';
}
