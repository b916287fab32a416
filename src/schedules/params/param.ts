/** How a shared parameter kind becomes one framework's ParamDef. */
import type { ParamDef, ParamType } from '../types';

/** What a framework sets on a shared kind. */
export type Own = Pick<ParamDef, 'default' | 'example' | 'nullable' | 'key' | 'fit'>;

export function param(name: string, type: ParamType, doc: string, own: Own): ParamDef {
  return { name, type, ...own, doc };
}
