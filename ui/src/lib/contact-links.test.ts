import { describe, expect, it } from 'vitest';
import { mailtoUrl, telUrl, whatsappUrl } from './contact-links';

describe('contact links', () => {
  it('WhatsApp keeps only the digits: no +, spaces, dashes or brackets', () => {
    expect(whatsappUrl('+34 600-12 34 56')).toBe('https://wa.me/34600123456');
    expect(whatsappUrl('(+34) 600.123.456')).toBe('https://wa.me/34600123456');
    expect(whatsappUrl('  ')).toBeNull();
    expect(whatsappUrl(null)).toBeNull();
  });

  it('tel: keeps the digits and a leading +', () => {
    expect(telUrl('+34 955 00 01 11')).toBe('tel:+34955000111');
    expect(telUrl('955-000-111')).toBe('tel:955000111');
    expect(telUrl('')).toBeNull();
  });

  it('mailto: uses the trimmed address', () => {
    expect(mailtoUrl(' ana@example.es ')).toBe('mailto:ana@example.es');
    expect(mailtoUrl(null)).toBeNull();
  });
});
