/** The type an image is encoded as for a destination: PNG stays PNG where it is taken (screenshots
 *  and drawings stay sharp); photos become JPEG. Shared by the preparation and the composer's checks. */
export function outputType(sourceType: string, accepted: readonly string[]): string {
  if (sourceType === 'image/gif') return 'image/gif';
  if (sourceType === 'image/png' && accepted.includes('image/png')) return 'image/png';
  if (accepted.includes('image/jpeg')) return 'image/jpeg';
  if (accepted.includes('image/webp')) return 'image/webp';
  if (accepted.includes('image/png')) return 'image/png';
  return 'image/jpeg';
}
