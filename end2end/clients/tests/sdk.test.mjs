// The published @immich/sdk (3.2.2) against a real Shoebox, on both databases: every operation
// Shoebox shares with Immich, called the way Immich's own apps and scripts call it. The SDK
// throws on any status it does not expect and on a non-JSON answer where it expects JSON.

import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as sdk from '@immich/sdk';
import { CORPUS, mlCache, startServer } from './server.mjs';

const PHOTO = path.join(CORPUS, 'immich-test-assets/albums/nature/prairie_falcon.jpg');
const VIDEO = path.join(CORPUS, 'video/short_hamilton_clip.mp4');
const FACE = path.join(CORPUS, 'faces/obama/obama.jpg');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Asks `probe` until it answers something truthy (background jobs), at most `seconds`. */
async function eventually(probe, seconds = 60) {
  for (let i = 0; i < seconds * 5; i++) {
    const answer = await probe();
    if (answer) return answer;
    await sleep(200);
  }
  return probe();
}
const OPERATIONS = new Set();
const call = (name, ...args) => {
  OPERATIONS.add(name);
  return sdk[name](...args);
};
const as = (key) => ({ headers: { 'x-api-key': key } });

async function status(promise) {
  try {
    await promise;
    return 200;
  } catch (error) {
    return error.status ?? error;
  }
}

function upload(file, name, opts, bytes = fs.readFileSync(file)) {
  const now = new Date().toISOString();
  return call(
    'uploadAsset',
    {
      assetMediaCreateDto: {
        assetData: new File([bytes], name),
        deviceAssetId: name,
        deviceId: 'sdk-test',
        fileCreatedAt: '2024-06-01T12:00:00.000Z',
        fileModifiedAt: now,
      },
    },
    opts,
  );
}

for (const backend of ['sqlite', 'postgres']) {
  test(`@immich/sdk drives every shared operation (${backend})`, { skip: !fs.existsSync(PHOTO) && 'corpus absent' }, async () => {
    const models = mlCache();
    const server = await startServer(backend, models.env);
    try {
      sdk.init({ baseUrl: `${server.url}/api`, apiKey: 'none-yet' });
      // Server, before anyone exists.
      assert.deepEqual(await call('pingServer'), { res: 'pong' });
      assert.equal((await call('getServerVersion')).major, 3);
      assert.ok((await call('getSupportedMediaTypes')).image.includes('.jpg'));
      assert.equal((await call('getServerConfig')).isInitialized, false);
      assert.equal((await call('getServerFeatures')).passwordLogin, true);

      // Auth: the admin signs up, logs in, makes an API key for the rest.
      const admin = await call('signUpAdmin', { signUpDto: { email: 'admin@example.com', password: 'admin-password', name: 'Admin' } });
      assert.equal(admin.isAdmin, true);
      const session = await call('login', { loginCredentialDto: { email: 'admin@example.com', password: 'admin-password' } });
      const bearer = { headers: { authorization: `Bearer ${session.accessToken}`, 'x-api-key': '' } };
      assert.deepEqual(await call('validateAccessToken', bearer), { authStatus: true });
      const created = await call('createApiKey', { apiKeyCreateDto: { name: 'sdk', permissions: ['all'] } }, bearer);
      sdk.setApiKey(created.secret);
      assert.equal((await call('getMyApiKey')).name, 'sdk');
      assert.equal((await call('getApiKey', { id: created.apiKey.id })).id, created.apiKey.id);
      assert.equal((await call('updateApiKey', { id: created.apiKey.id, apiKeyUpdateDto: { name: 'sdk2' } })).name, 'sdk2');
      assert.equal((await call('getApiKeys')).length, 1);
      const second = await call('login', { loginCredentialDto: { email: 'admin@example.com', password: 'admin-password' } });
      const third = await call('login', { loginCredentialDto: { email: 'admin@example.com', password: 'admin-password' } });
      const sessions = await call('getSessions', bearer);
      assert.equal(sessions.length, 3);
      await call('deleteSession', { id: sessions.find((s) => !s.current && s.id).id }, bearer);
      assert.equal((await call('getSessions', bearer)).length, 2);
      await call('deleteAllSessions', bearer);
      assert.deepEqual((await call('getSessions', bearer)).map((s) => s.current), [true], 'all but the current one');
      for (const other of [second, third]) {
        assert.equal(await status(call('validateAccessToken', { headers: { authorization: `Bearer ${other.accessToken}`, 'x-api-key': '' } })), 401);
      }
      assert.equal((await call('getAboutInfo')).licensed, false);

      // Users: the admin's own profile, then a second user managed by the admin.
      assert.equal((await call('getMyUser')).email, 'admin@example.com');
      assert.equal((await call('updateMyUser', { userUpdateMeDto: { name: 'The Admin' } })).name, 'The Admin');
      const bob = await call('createUserAdmin', { userAdminCreateDto: { email: 'bob@example.com', password: 'bob-password', name: 'Bob' } });
      assert.equal((await call('getUserAdmin', { id: bob.id })).email, 'bob@example.com');
      assert.equal((await call('updateUserAdmin', { id: bob.id, userAdminUpdateDto: { name: 'Robert' } })).name, 'Robert');
      assert.equal((await call('searchUsersAdmin', {})).length, 2);
      assert.equal((await call('searchUsers')).length, 2);
      assert.equal((await call('getMyPreferences')).memories.enabled, true);
      const prefs = await call('updateMyPreferences', { userPreferencesUpdateDto: { memories: { enabled: false }, avatar: { color: 'green' } } });
      assert.deepEqual(prefs.memories, { enabled: false, duration: 5 });
      assert.equal((await call('getMyUser')).avatarColor, 'green');
      assert.equal((await call('getUserPreferencesAdmin', { id: bob.id })).memories.enabled, true);
      const bobPrefs = await call('updateUserPreferencesAdmin', { id: bob.id, userPreferencesUpdateDto: { download: { archiveSize: 1024 } } });
      assert.equal(bobPrefs.download.archiveSize, 1024);
      const bobSession = await call('login', { loginCredentialDto: { email: 'bob@example.com', password: 'bob-password' } });
      const bobAsBearer = { headers: { authorization: `Bearer ${bobSession.accessToken}`, 'x-api-key': '' } };
      const bobKey = (await call('createApiKey', { apiKeyCreateDto: { name: 'bob', permissions: ['all'] } }, bobAsBearer)).secret;
      await call('changePassword', { changePasswordDto: { password: 'bob-password', newPassword: 'bob-password-2' } }, as(bobKey));

      // Assets: upload (new, then the same bytes again), check, read, change, statistics.
      const photo = await upload(PHOTO, 'falcon.jpg');
      assert.equal(photo.status, 'created');
      const again = await upload(PHOTO, 'falcon-copy.jpg');
      assert.deepEqual(again, { id: photo.id, status: 'duplicate' });
      const video = await upload(VIDEO, 'clip.mp4');
      const check = await call('checkBulkUpload', {
        assetBulkUploadCheckDto: { assets: [{ id: 'x', checksum: (await call('getAssetInfo', { id: photo.id })).checksum }] },
      });
      assert.deepEqual(check.results[0], { id: 'x', action: 'reject', reason: 'duplicate', assetId: photo.id, isTrashed: false });
      const info = await call('updateAsset', { id: photo.id, updateAssetDto: { isFavorite: true, description: 'a falcon', rating: 4 } });
      assert.equal(info.isFavorite, true);
      await call('updateAssets', { assetBulkUpdateDto: { ids: [video.id], isFavorite: true } });
      assert.equal((await call('getAssetInfo', { id: video.id })).isFavorite, true);
      assert.deepEqual(await call('getAssetStatistics', {}), { images: 1, videos: 1, total: 2 });
      const original = await call('downloadAsset', { id: photo.id });
      assert.equal(original.size, fs.statSync(PHOTO).size);
      const playback = await call('playAssetVideo', { id: video.id });
      assert.ok(playback.size > 0);
      // Thumbnails come from a background job: wait for it, as Immich's apps do.
      let thumbnail = null;
      for (let i = 0; i < 150 && !thumbnail; i++) {
        thumbnail = await call('viewAsset', { id: photo.id, size: 'thumbnail' }).catch(() => null);
        if (!thumbnail) await new Promise((r) => setTimeout(r, 200));
      }
      assert.ok(thumbnail && thumbnail.size > 0, 'thumbnail made');

      // Timeline.
      const buckets = await call('getTimeBuckets', {});
      assert.deepEqual(buckets.map((b) => b.count).reduce((a, b) => a + b, 0), 2);
      const bucket = await call('getTimeBucket', { timeBucket: buckets[0].timeBucket });
      assert.ok(bucket.id.length >= 1);

      // Metadata search.
      const found = await call('searchAssets', { metadataSearchDto: { originalFileName: 'FALCON', withExif: true } });
      assert.deepEqual(found.assets.items.map((a) => a.id), [photo.id]);
      assert.equal(found.assets.nextPage, null);

      // Machine learning: smart search (a random-weight CLIP of the real shape), faces and
      // people (the real face models), duplicates, and the job queues.
      const features = await call('getServerFeatures');
      assert.equal(features.smartSearch && features.facialRecognition && features.duplicateDetection, true);
      const portrait = await upload(FACE, 'portrait.jpg');
      // The video's poster may show people too: the portrait's face names its person.
      const portraitFaces = await eventually(async () => {
        const inPortrait = await call('getFaces', { id: portrait.id });
        return inPortrait[0]?.person && inPortrait;
      });
      const people = await call('getAllPeople', { withHidden: true });
      const person = people.people.find((p) => p.id === portraitFaces[0].person.id);
      assert.ok(person, `${JSON.stringify(people)} lists the portrait's person`);
      assert.equal((await call('getPerson', { id: person.id })).id, person.id);
      assert.equal((await call('updatePerson', { id: person.id, personUpdateDto: { name: 'Barack', birthDate: '1961-08-04' } })).name, 'Barack');
      assert.deepEqual(await call('getPersonStatistics', { id: person.id }), { assets: 1 });
      assert.ok((await call('getPersonThumbnail', { id: person.id })).size > 1000);
      const faces = await call('getFaces', { id: portrait.id });
      assert.equal(faces.length, 1);
      assert.equal(faces[0].person.id, person.id);
      const stranger = await call('createPerson', { personCreateDto: { name: 'Someone else' } });
      assert.equal((await call('reassignFacesById', { id: faces[0].id, faceDto: { id: stranger.id } })).id, stranger.id);
      const movedBack = await call('reassignFaces', { id: person.id, assetFaceUpdateDto: { data: [{ assetId: portrait.id, personId: stranger.id }] } });
      assert.deepEqual(movedBack.map((p) => p.id), [stranger.id]);
      assert.deepEqual(await call('updatePeople', { peopleUpdateDto: { people: [{ id: person.id, isFavorite: true }] } }), [{ id: person.id, success: true }]);
      // SDK 3.2 calls Immich v3.1's `mergePerson` (POST /people/{id}/merge) `mergePersonLegacy`.
      OPERATIONS.add('mergePerson');
      assert.deepEqual(await call('mergePersonLegacy', { id: person.id, mergePersonDto: { ids: [stranger.id] } }), [{ id: stranger.id, success: true }]);
      const spare = await call('createPerson', { personCreateDto: { name: 'Spare' } });
      await call('deletePerson', { id: spare.id });
      const spare2 = await call('createPerson', { personCreateDto: { name: 'Spare 2' } });
      await call('deletePeople', { bulkIdsDto: { ids: [spare2.id] } });
      const names = (await call('getAllPeople', { withHidden: true })).people.map((p) => p.name);
      assert.ok(names.includes('Barack') && !names.includes('Spare') && !names.includes('Someone else'), names.join(', '));
      const withPeople = await call('searchAssets', { metadataSearchDto: { personIds: [person.id] } });
      assert.deepEqual(withPeople.assets.items.map((a) => a.id), [portrait.id]);
      assert.deepEqual((await call('getAssetInfo', { id: portrait.id })).people.map((p) => p.id), [person.id]);
      await call('deleteFace', { id: faces[0].id, assetFaceDeleteDto: { force: true } });
      assert.deepEqual(await call('getFaces', { id: portrait.id }), []);

      // The same falcon with other bytes: a near-duplicate of the first.
      const copy = Buffer.concat([fs.readFileSync(PHOTO), Buffer.from('another copy')]);
      const twin = await upload(PHOTO, 'falcon-twin.jpg', undefined, copy);
      const groups = await eventually(async () => {
        const found = await call('getAssetDuplicates');
        return found.length === 1 && found;
      });
      assert.deepEqual(new Set(groups[0].assets.map((a) => a.id)), new Set([photo.id, twin.id]));
      const ranked = await eventually(async () => {
        const answer = await call('searchSmart', { smartSearchDto: { query: 'a falcon on a branch', size: 10 } });
        return answer.assets.items.length === 4 && answer;
      });
      assert.equal(ranked.assets.items.length, 4, 'every photo and the video poster are ranked');
      const alike = await call('searchSmart', { smartSearchDto: { queryAssetId: photo.id, size: 2 } });
      assert.deepEqual(new Set(alike.assets.items.map((a) => a.id)), new Set([photo.id, twin.id]));
      assert.deepEqual(await call('resolveDuplicates', { duplicateResolveDto: { groups: [{ duplicateId: groups[0].duplicateId, keepAssetIds: [photo.id, twin.id], trashAssetIds: [] }] } }), [
        { id: groups[0].duplicateId, success: true },
      ]);
      assert.deepEqual(await call('getAssetDuplicates'), []);
      await call('deleteDuplicates', { bulkIdsDto: { ids: [groups[0].duplicateId] } });
      await call('deleteDuplicate', { id: groups[0].duplicateId });
      await call('deleteAssets', { assetBulkDeleteDto: { ids: [twin.id, portrait.id], force: true } });
      const queues = await call('getQueuesLegacy');
      assert.equal(queues.smartSearch.jobCounts.waiting, 0);
      const started = await call('runQueueCommandLegacy', { name: 'faceDetection', queueCommandDto: { command: 'start', force: false } });
      assert.equal(typeof started.jobCounts.waiting, 'number');

      // Map markers: the photo, once it has a place.
      await call('updateAsset', { id: photo.id, updateAssetDto: { latitude: 43.72, longitude: 10.4 } });
      const markers = await call('getMapMarkers', { isArchived: true });
      assert.deepEqual(markers.map((m) => [m.id, m.lat, m.lon]), [[photo.id, 43.72, 10.4]]);

      // Search suggestions and the explore page's places (cities need reverse geocoding, which
      // this server runs without, so the lists agree and may be empty).
      const makes = await call('getSearchSuggestions', { $type: 'camera-make', includeNull: true });
      const exif = (await call('getAssetInfo', { id: photo.id })).exifInfo;
      assert.ok(makes.includes(exif.make ?? null), `${JSON.stringify(makes)} holds ${exif.make}`);
      const cities = await call('getAssetsByCity');
      const explore = await call('getExploreData');
      assert.equal(explore[0].fieldName, 'exifInfo.city');
      assert.deepEqual(explore[0].items.map((i) => i.data.id), cities.map((a) => a.id));

      // Albums: created with an asset and a member, then every change.
      const album = await call('createAlbum', {
        createAlbumDto: { albumName: 'Birds', description: 'raptors', assetIds: [photo.id], albumUsers: [{ userId: bob.id, role: 'viewer' }] },
      });
      assert.equal(album.assetCount, 1);
      // As Immich v3: the owner first, then the members.
      assert.deepEqual(album.albumUsers.map((u) => [u.user.id, u.role]), [[admin.id, 'owner'], [bob.id, 'viewer']]);
      assert.equal((await call('getAllAlbums', {})).length, 1);
      assert.equal((await call('getAlbumInfo', { id: album.id })).albumName, 'Birds');
      assert.equal((await call('updateAlbumInfo', { id: album.id, updateAlbumDto: { albumName: 'Falcons' } })).albumName, 'Falcons');
      assert.deepEqual(await call('addAssetsToAlbum', { id: album.id, bulkIdsDto: { ids: [video.id] } }), [{ id: video.id, success: true }]);
      assert.deepEqual(await call('removeAssetFromAlbum', { id: album.id, bulkIdsDto: { ids: [video.id] } }), [{ id: video.id, success: true }]);
      const other = await call('createAlbum', { createAlbumDto: { albumName: 'Other' } });
      const bulk = await call('addAssetsToAlbums', { albumsAddAssetsDto: { albumIds: [other.id], assetIds: [video.id] } });
      assert.equal(bulk.success, true);
      await call('updateAlbumUser', { id: album.id, userId: bob.id, updateAlbumUserDto: { role: 'editor' } });
      await call('removeUserFromAlbum', { id: album.id, userId: bob.id });
      const withUser = await call('addUsersToAlbum', { id: album.id, addUsersDto: { albumUsers: [{ userId: bob.id, role: 'viewer' }] } });
      assert.equal(withUser.albumUsers.length, 2);
      assert.equal((await call('getAlbumStatistics')).owned, 2);
      assert.equal(await status(call('deleteAlbum', { id: other.id })), 200);

      // Shared links: made, read through the key, changed, emptied, removed.
      const link = await call('createSharedLink', { sharedLinkCreateDto: { type: 'INDIVIDUAL', assetIds: [photo.id], allowDownload: true } });
      assert.equal((await call('getAllSharedLinks', {})).length, 1);
      assert.equal((await call('getSharedLinkById', { id: link.id })).id, link.id);
      assert.equal((await call('getMySharedLink', { key: link.key }, { headers: { 'x-api-key': '' } })).assets.length, 1);
      assert.equal((await call('updateSharedLink', { id: link.id, sharedLinkEditDto: { description: 'falcon' } })).description, 'falcon');
      await call('addSharedLinkAssets', { id: link.id, assetIdsDto: { assetIds: [video.id] } });
      await call('removeSharedLinkAssets', { id: link.id, assetIdsDto: { assetIds: [video.id] } });
      await call('removeSharedLink', { id: link.id });
      const locked = await call('createSharedLink', { sharedLinkCreateDto: { type: 'INDIVIDUAL', assetIds: [photo.id], password: 'sesame' } });
      const visitor = { headers: { 'x-api-key': '' } };
      assert.equal(await status(call('getMySharedLink', { key: locked.key }, visitor)), 401);
      const unlocked = await call('sharedLinkLogin', { key: locked.key, sharedLinkLoginDto: { password: 'sesame' } }, visitor);
      assert.equal(unlocked.id, locked.id);

      // Partners.
      const partner = await call('createPartner', { partnerCreateDto: { sharedWithId: bob.id } });
      assert.equal(partner.id, bob.id);
      assert.equal((await call('getPartners', { direction: 'shared-by' })).length, 1);
      assert.equal((await call('updatePartner', { id: admin.id, partnerUpdateDto: { inTimeline: true } }, as(bobKey))).inTimeline, true);
      await call('removePartner', { id: bob.id });
      assert.equal((await call('createPartnerDeprecated', { id: bob.id })).id, bob.id);
      await call('removePartner', { id: bob.id });

      // Downloads.
      const download = await call('getDownloadInfo', { downloadInfoDto: { assetIds: [photo.id, video.id] } });
      assert.equal(download.archives[0].assetIds.length, 2);
      const zip = await call('downloadArchive', { downloadArchiveDto: { assetIds: [photo.id] } });
      assert.ok(zip.size > fs.statSync(PHOTO).size);

      // Trash: delete, restore one, restore all, empty; then for good.
      await call('deleteAssets', { assetBulkDeleteDto: { ids: [photo.id, video.id] } });
      assert.equal((await call('getAssetStatistics', { isTrashed: true })).total, 2);
      assert.equal((await call('restoreAssets', { bulkIdsDto: { ids: [photo.id] } })).count, 1);
      await call('deleteAssets', { assetBulkDeleteDto: { ids: [photo.id] } });
      assert.equal((await call('restoreTrash')).count, 2);
      await call('deleteAssets', { assetBulkDeleteDto: { ids: [video.id] } });
      assert.equal((await call('emptyTrash')).count, 1);
      const stats = await call('getServerStatistics');
      assert.equal(stats.photos + stats.videos, 1);

      // Admin user lifecycle and logging out.
      await call('deleteUserAdmin', { id: bob.id, userAdminDeleteDto: {} });
      assert.equal((await call('restoreUserAdmin', { id: bob.id })).id, bob.id);
      await call('deleteApiKey', { id: created.apiKey.id }, bearer);
      assert.equal(await status(call('getMyUser')), 401, 'the deleted key no longer works');
      assert.deepEqual(await call('logout', bearer), { successful: true, redirectUri: '/auth/login' });

      // Errors keep Immich's body.
      sdk.setApiKey(bobKey);
      const missing = await call('getAssetInfo', { id: '00000000-0000-4000-8000-000000000000' }).catch((e) => e);
      assert.equal(missing.status, 400 <= missing.status && missing.status < 500 ? missing.status : 'a 4xx');
      assert.equal(typeof missing.data.message, 'string');
      assert.equal(missing.data.statusCode, missing.status);
      // Every operation the server documents was called above.
      const spec = await fetch(`${server.url}/api/spec.json`).then((r) => r.json());
      const documented = Object.values(spec.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
      assert.deepEqual(documented.filter((id) => !OPERATIONS.has(id)), []);
    } catch (error) {
      console.error(server.output().slice(-4000));
      throw error;
    } finally {
      await server.stop();
      models.remove();
    }
    console.log(`# @immich/sdk operations exercised: ${OPERATIONS.size}`);
  });
}
