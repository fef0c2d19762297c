-- bench/dashboard: the statements the Dashboard issues (as logged by EF Core with
-- Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command=Information), parameters inlined,
-- each run under EXPLAIN ANALYZE on a warm cache; bench/dashboard prints the execution times.
\pset pager off
\echo '### summary: count(*) media_assets'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*)::bigint FROM media_assets AS m;
\echo '### summary: ingested in the last hour'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*)::bigint FROM media_assets AS m WHERE m.ingested_at >= now() - interval '1 hour';
\echo '### summary: with errors'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*)::bigint FROM media_assets AS m WHERE m.has_errors;
\echo '### library first page (no filter, newest capture first)'
EXPLAIN (ANALYZE, BUFFERS) SELECT m.id, m.original_name, m.final_path, m.captured_at_local, m.capture_offset_minutes, m.ingested_at, m.kind, m.camera_make, m.camera_model, m.size_bytes, (m.location) IS NOT NULL, m.has_errors FROM media_assets AS m WHERE m.captured_at_local IS NOT NULL ORDER BY m.captured_at_local DESC, m.id DESC LIMIT 51;
\echo '### library count (no filter, capped)'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM (SELECT 1 FROM media_assets AS m LIMIT 10001) AS m0;
\echo '### library camera list (cached 1 min)'
EXPLAIN (ANALYZE, BUFFERS) SELECT DISTINCT m.camera_make, m.camera_model FROM media_assets AS m WHERE m.camera_make IS NOT NULL OR m.camera_model IS NOT NULL LIMIT 1000;
\echo '### library page: camera Canon EOS R5'
EXPLAIN (ANALYZE, BUFFERS) SELECT m.id, m.original_name, m.final_path, m.captured_at_local, m.capture_offset_minutes, m.ingested_at, m.kind, m.camera_make, m.camera_model, m.size_bytes, (m.location) IS NOT NULL, m.has_errors FROM media_assets AS m WHERE m.camera_make = 'Canon' AND m.camera_model = 'Canon EOS R5' AND m.captured_at_local IS NOT NULL ORDER BY m.captured_at_local DESC, m.id DESC LIMIT 51;
\echo '### library page: with errors'
EXPLAIN (ANALYZE, BUFFERS) SELECT m.id, m.original_name, m.final_path, m.captured_at_local, m.capture_offset_minutes, m.ingested_at, m.kind, m.camera_make, m.camera_model, m.size_bytes, (m.location) IS NOT NULL, m.has_errors FROM media_assets AS m WHERE m.has_errors = TRUE AND m.captured_at_local IS NOT NULL ORDER BY m.captured_at_local DESC, m.id DESC LIMIT 51;
\echo '### library count: with errors (capped)'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM (SELECT 1 FROM media_assets AS m WHERE m.has_errors = TRUE LIMIT 10001) AS m0;
\echo '### library page: 2015 + Canon EOS R5 + Raw + location'
EXPLAIN (ANALYZE, BUFFERS) SELECT m.id, m.original_name, m.final_path, m.captured_at_local, m.capture_offset_minutes, m.ingested_at, m.kind, m.camera_make, m.camera_model, m.size_bytes, (m.location) IS NOT NULL, m.has_errors FROM media_assets AS m WHERE m.captured_at_local >= '2015-01-01' AND m.captured_at_local < '2016-01-01' AND m.camera_make = 'Canon' AND m.camera_model = 'Canon EOS R5' AND m.kind = 'Raw' AND (m.location) IS NOT NULL AND m.captured_at_local IS NOT NULL ORDER BY m.captured_at_local DESC, m.id DESC LIMIT 51;
\echo '### library count: 2015 + Canon EOS R5 + Raw + location (capped)'
EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM (SELECT 1 FROM media_assets AS m WHERE m.captured_at_local >= '2015-01-01' AND m.captured_at_local < '2016-01-01' AND m.camera_make = 'Canon' AND m.camera_model = 'Canon EOS R5' AND m.kind = 'Raw' AND (m.location) IS NOT NULL LIMIT 10001) AS m0;
