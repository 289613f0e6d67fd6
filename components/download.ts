import { ReviewStore } from '@/lib/store/db';
import { exportFileName, exportIndex } from '@/lib/sources/export';

/**
 * Export from the options page: read the store directly (same extension origin, no message size
 * limit), then download through a Blob URL and an <a download>.
 */
export async function downloadExport(sourceId: string | undefined): Promise<void> {
  const store = await ReviewStore.open();
  try {
    const file = await exportIndex(store, sourceId);
    const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 1)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = exportFileName(sourceId);
    document.body.append(a);
    a.click();
    a.remove();
    // Let the download start before the URL goes.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } finally {
    store.close();
  }
}
