import { describe, expect, it } from 'vitest';
import { parseSiteInput } from '@/lib/site-input';

describe('parseSiteInput', () => {
  it('accepts hosts and URLs, folding case and www.', () => {
    expect(parseSiteInput('Example.com')).toBe('example.com');
    expect(parseSiteInput(' www.example.co.uk ')).toBe('example.co.uk');
    expect(parseSiteInput('https://www.news.example.com/path?q=1')).toBe('news.example.com');
    expect(parseSiteInput('example.com/films')).toBe('example.com');
    expect(parseSiteInput('localhost:8080')).toBe('localhost');
    expect(parseSiteInput('127.0.0.1')).toBe('127.0.0.1');
    expect(parseSiteInput('xn--bcher-kva.example')).toBe('xn--bcher-kva.example');
  });
  it('rejects what is not a host', () => {
    for (const bad of [
      '',
      '   ',
      'films',
      'not a site.com',
      '-bad.com',
      'bad-.com',
      'a..com',
      'x.1',
      '<img>.com',
    ])
      expect(parseSiteInput(bad), bad).toBeUndefined();
  });
});
