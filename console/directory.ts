/**
 * What the console's menus list (members, pools, pages, event types), from
 * `GET /api/v1/admin/directory`, with names for the ids the API answers in.
 */
import type { ConsoleApi } from './api.js';

export interface DirectoryData {
  members: { id: string; name: string }[];
  pools: { id: string; name: string }[];
  pages: { slug: string; title: string }[];
  eventTypes: { id: string; title: string }[];
}

export class Directory {
  constructor(readonly data: DirectoryData = { members: [], pools: [], pages: [], eventTypes: [] }) {}

  static async load(api: ConsoleApi): Promise<Directory> {
    try {
      return new Directory(await api.get<DirectoryData>('admin/directory'));
    } catch {
      // The menus are a convenience: without them the stream still works, by id.
      return new Directory();
    }
  }

  memberName(id: string): string {
    return this.data.members.find((m) => m.id === id)?.name ?? id;
  }

  eventTitle(id: string): string {
    return this.data.eventTypes.find((e) => e.id === id)?.title ?? id;
  }

  pageTitle(slug: string): string {
    return this.data.pages.find((p) => p.slug === slug)?.title ?? slug;
  }
}
