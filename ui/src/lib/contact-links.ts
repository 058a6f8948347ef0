// The URLs of the contact shortcuts. The backend's opener scope allows exactly these shapes:
// `tel:`, `mailto:` and `https://wa.me/<digits>`.

/** `tel:` with the digits and a leading + when the number has one; null without digits. */
export function telUrl(phone: string | null | undefined): string | null {
  const text = (phone ?? '').trim();
  const digits = text.replace(/\D/g, '');
  if (digits === '') return null;
  return `tel:${text.startsWith('+') ? '+' : ''}${digits}`;
}

/** `mailto:` for an address; null when blank. */
export function mailtoUrl(email: string | null | undefined): string | null {
  const text = (email ?? '').trim();
  return text === '' ? null : `mailto:${text}`;
}

/** `https://wa.me/` and the number's digits only (wa.me takes no +, spaces or dashes). */
export function whatsappUrl(number: string | null | undefined): string | null {
  const digits = (number ?? '').replace(/\D/g, '');
  return digits === '' ? null : `https://wa.me/${digits}`;
}
