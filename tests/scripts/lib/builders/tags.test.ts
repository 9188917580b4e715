import { carriesStackTag, stackTags, tagList, tagMapFromList } from '../../../../scripts/lib/builders/tags';

describe('tags', () => {
  test('the stack tag round-trips through the list form and identifies the stack', () => {
    const tags = tagMapFromList(tagList({ ...stackTags('demo'), team: 'x' }));
    expect(carriesStackTag(tags, 'demo')).toBe(true);
    expect(carriesStackTag(tags, 'other')).toBe(false);
    expect(carriesStackTag(undefined, 'demo')).toBe(false);
  });
});
