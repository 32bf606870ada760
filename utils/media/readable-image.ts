/** Whether the browser can decode the file: a damaged file is refused when added, not at publish. */
export async function isReadableImage(file: File): Promise<boolean> {
  if (!file.type.startsWith('image/')) return false;
  try {
    const bitmap = await createImageBitmap(file);
    bitmap.close();
    return true;
  } catch {
    return false;
  }
}
