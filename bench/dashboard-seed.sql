-- bench/dashboard's seed: 1,000,000 media assets and 60 days of per-minute heartbeats for 10 services.
-- Deterministic per row (hashes of the row number), random in spread (random() for dates and choices).
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';

INSERT INTO media_assets (id, sha256, original_name, original_path, final_path, size_bytes, captured_at_local,
    capture_offset_minutes, capture_date_source, camera_make, camera_model, kind, mime_type, width, height,
    duration_seconds, ingested_at, is_ingested, is_geocoded, geocoded_at, is_thumbnailed, thumbnailed_at,
    is_curated, curated_at, is_backed_up, backed_up_at, has_errors, error_message, created_at, location)
SELECT md5(i::text)::uuid,
       encode(sha256(int8send(i)), 'hex'),
       name,
       '/inbox/' || name,
       '/Originals/' || coalesce(to_char(captured, 'YYYY/MM'), 'undated') || '/' || i || '_' || name,
       (500000 + r_size * 40000000)::bigint,
       captured,
       CASE WHEN captured IS NULL THEN NULL ELSE 60 END,
       CASE WHEN captured IS NULL THEN NULL ELSE 'Exif' END,
       cameras[cam][1], cameras[cam][2],
       kind,
       CASE kind WHEN 'Photo' THEN 'image/jpeg' WHEN 'Raw' THEN 'image/x-canon-cr3' ELSE 'video/mp4' END,
       4000, 3000,
       CASE WHEN kind = 'Video' THEN 5 + r_size * 120 END,
       ingested, true,
       located, CASE WHEN located THEN ingested END,
       true, ingested, false, NULL, true, ingested,
       errors, CASE WHEN errors THEN 'Metadata could not be read' END,
       ingested,
       CASE WHEN located THEN jsonb_build_object('Latitude', round((r_lat * 140 - 60)::numeric, 6),
                                                 'Longitude', round((r_lon * 360 - 180)::numeric, 6),
                                                 'Altitude', NULL) END
FROM (
    SELECT i,
           CASE WHEN random() < 0.03 THEN NULL
                ELSE date_trunc('second', localtimestamp - random() * interval '20 years') END AS captured,
           now() - random() * interval '60 days' AS ingested,
           CASE WHEN random() < 0.05 THEN 9 ELSE 1 + floor(random() * 8)::int END AS cam,
           (ARRAY['Photo','Photo','Photo','Photo','Photo','Photo','Photo','Raw','Raw','Video'])[1 + floor(random() * 10)::int] AS kind,
           random() < 0.30 AS located,
           random() < 0.02 AS errors,
           random() AS r_size, random() AS r_lat, random() AS r_lon,
           'IMG_' || lpad(i::text, 7, '0') || '.jpg' AS name,
           ARRAY[ARRAY['Canon','Canon EOS R5'], ARRAY['Canon','Canon EOS 5D Mark IV'], ARRAY['NIKON CORPORATION','NIKON Z 6_2'],
                 ARRAY['SONY','ILCE-7M3'], ARRAY['Apple','iPhone 13 Pro'], ARRAY['Apple','iPhone 8'],
                 ARRAY['samsung','SM-G991B'], ARRAY['FUJIFILM','X-T4'], ARRAY[NULL,NULL]] AS cameras
    FROM generate_series(1, 1000000) AS i
) s;

-- 10 services, one heartbeat a minute for 60 days; the newest becomes each service's current status.
INSERT INTO system_status_history (service_name, status, message, current_task, latency_milliseconds,
    heartbeat_timestamp, created_at, details)
SELECT service,
       CASE WHEN random() < 0.01 THEN 'Warning' WHEN random() < 0.002 THEN 'Error' ELSE 'Ok' END,
       NULL, NULL, round((random() * 50)::numeric, 1)::float8, at, at, NULL
FROM unnest(ARRAY['librarian','monitor','dashboard','syncthing','immich-server','immich-machine-learning',
                  'immich-db','immich-cache','homepage','factory-db']) AS service,
     generate_series(date_trunc('minute', now()) - interval '60 days', date_trunc('minute', now()), interval '1 minute') AS at;

INSERT INTO system_status (service_name, status, message, current_task, latency_milliseconds, queue_length,
    last_heartbeat, updated_at, details, status_since)
SELECT DISTINCT ON (service_name) service_name, 'Ok', NULL, CASE WHEN service_name = 'librarian' THEN 'Idle' END,
       latency_milliseconds, CASE WHEN service_name = 'librarian' THEN 0 END, now(), now(), NULL, now() - interval '3 days'
FROM system_status_history ORDER BY service_name, heartbeat_timestamp DESC
ON CONFLICT (service_name) DO UPDATE SET last_heartbeat = excluded.last_heartbeat, updated_at = excluded.updated_at;

ANALYZE;
