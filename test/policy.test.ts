import { describe, expect, it } from 'vitest';
import { authorize, authorizeWrite, can, canManageUser, codePrefix, inScope, withinRegion, type Actor } from '../lib/auth/policy';

// Region codes of the fixtures: 淮安市 320800, its 洪泽区 320813; 宿迁市沭阳县 321322; 江苏省 320000.
const huaianReviewer: Actor = { id: 'u1', role: 'reviewer', regionCode: '320800' };
const jiangsuAdmin: Actor = { id: 'u2', role: 'admin', regionCode: '320000' };
const nationalAdmin: Actor = { id: 'u3', role: 'admin', regionCode: null };
const nationalReviewer: Actor = { id: 'u4', role: 'reviewer', regionCode: null };
const hongze = { regionCode: '320813' };
const shuyang = { regionCode: '321322' };
const pingtan = { regionCode: '350128' };

describe('region subtree', () => {
  it('takes the significant prefix of province, city, county and township codes', () => {
    expect(codePrefix('320000')).toBe('32');
    expect(codePrefix('320800')).toBe('3208');
    expect(codePrefix('320813')).toBe('320813');
    expect(codePrefix('320813100')).toBe('320813100');
    expect(() => codePrefix('32')).toThrow(/GB\/T 2260/);
  });
  it('contains its own code and its descendants only', () => {
    expect(withinRegion('320800', '320800')).toBe(true);
    expect(withinRegion('320800', '320813')).toBe(true);
    expect(withinRegion('320800', '320813100')).toBe(true);
    expect(withinRegion('320800', '320500')).toBe(false);
    expect(withinRegion('320813', '320800')).toBe(false); // a county does not contain its city
    expect(withinRegion('320000', '321322')).toBe(true);
    expect(withinRegion('320000', null)).toBe(false);
  });
  it('judges a township report by its township code', () => {
    const townScoped: Actor = { id: 't', role: 'reviewer', regionCode: '320813100' };
    expect(inScope(townScoped, { regionCode: '320813', townCode: '320813100' })).toBe(true);
    expect(inScope(townScoped, { regionCode: '320813', townCode: '320813101' })).toBe(false);
    expect(inScope(townScoped, { regionCode: '320813' })).toBe(false);
  });
});

describe('authorize', () => {
  it('refuses anonymous visitors every write as unauthenticated', () => {
    for (const a of ['upload', 'review', 'correct', 'edit_meta', 'set_version', 'manage_users', 'view_audit'] as const) {
      expect(authorize(null, a, hongze)).toBe('unauthenticated');
    }
  });
  it('lets a reviewer correct reports of their subtree and no other', () => {
    expect(can(huaianReviewer, 'correct', hongze)).toBe(true);
    expect(authorize(huaianReviewer, 'correct', shuyang)).toBe('forbidden');
    expect(authorize(huaianReviewer, 'edit_meta', pingtan)).toBe('forbidden');
    expect(can(huaianReviewer, 'review')).toBe(true); // the queue itself, filtered by scope
    expect(can(huaianReviewer, 'upload')).toBe(true);
  });
  it('keeps versions and users for admins', () => {
    expect(authorize(huaianReviewer, 'set_version', hongze)).toBe('forbidden');
    expect(authorize(nationalReviewer, 'manage_users')).toBe('forbidden');
    expect(can(jiangsuAdmin, 'set_version', hongze)).toBe(true);
    expect(authorize(jiangsuAdmin, 'set_version', pingtan)).toBe('forbidden');
    expect(can(nationalAdmin, 'set_version', pingtan)).toBe(true);
  });
  it('leaves a report with no settled region to unrestricted accounts and its scoped uploader', () => {
    const unplaced = { regionCode: null, uploadedBy: 'u1' };
    expect(can(nationalReviewer, 'correct', unplaced)).toBe(true);
    expect(can(huaianReviewer, 'correct', unplaced)).toBe(true);
    expect(authorize({ ...huaianReviewer, id: 'other' }, 'correct', unplaced)).toBe('forbidden');
    expect(authorize(huaianReviewer, 'correct', { regionCode: null })).toBe('forbidden');
  });
  it('refuses an account whose role is not one of the two', () => {
    expect(authorize({ id: 'x', role: 'guest' as never, regionCode: null }, 'review')).toBe('forbidden');
  });
});

describe('canManageUser', () => {
  it('lets a scoped admin create accounts only inside their subtree', () => {
    expect(canManageUser(jiangsuAdmin, { role: 'reviewer', regionCode: '320800' })).toBe('allow');
    expect(canManageUser(jiangsuAdmin, { role: 'reviewer', regionCode: '350128' })).toBe('forbidden');
    expect(canManageUser(jiangsuAdmin, { role: 'admin', regionCode: null })).toBe('forbidden');
    expect(canManageUser(nationalAdmin, { role: 'admin', regionCode: null })).toBe('allow');
    expect(canManageUser(huaianReviewer, { role: 'reviewer', regionCode: '320813' })).toBe('forbidden');
    expect(canManageUser(null, { role: 'reviewer', regionCode: '320813' })).toBe('unauthenticated');
  });
});

describe('authorizeWrite: the report as stored and as requested', () => {
  const luozhuang = { regionCode: '371311', uploadedBy: 'someone' };
  const wuweiReviewer: Actor = { id: 'u5', role: 'reviewer', regionCode: '620600' };
  it('refuses a re-declaration that would bring another region’s report into the actor’s region (issue 24 finding 1)', () => {
    expect(authorizeWrite(wuweiReviewer, 'upload', { requested: { regionCode: '620602' } })).toEqual({ allow: true });
    expect(authorizeWrite(wuweiReviewer, 'upload', { stored: luozhuang, requested: { regionCode: '620602', uploadedBy: 'someone' } })).toEqual({
      allow: false,
      decision: 'forbidden',
      on: 'stored',
    });
    expect(authorizeWrite(wuweiReviewer, 'edit_meta', { stored: luozhuang, requested: { regionCode: '620602' } })).toMatchObject({
      allow: false,
      on: 'stored',
    });
  });
  it('refuses a write that would move a report out of the actor’s region', () => {
    expect(authorizeWrite(huaianReviewer, 'edit_meta', { stored: hongze, requested: shuyang })).toEqual({
      allow: false,
      decision: 'forbidden',
      on: 'requested',
    });
    expect(authorizeWrite(huaianReviewer, 'edit_meta', { stored: hongze, requested: { regionCode: '320812' } })).toEqual({ allow: true });
    expect(authorizeWrite(nationalReviewer, 'upload', { stored: luozhuang, requested: pingtan })).toEqual({ allow: true });
  });
  it('decides the role first, on every write', () => {
    expect(authorizeWrite(null, 'correct', { stored: hongze })).toEqual({ allow: false, decision: 'unauthenticated', on: 'role' });
    expect(authorizeWrite(huaianReviewer, 'set_version', { stored: hongze })).toEqual({ allow: false, decision: 'forbidden', on: 'role' });
    expect(authorizeWrite(jiangsuAdmin, 'set_version', { stored: hongze })).toEqual({ allow: true });
  });
});
