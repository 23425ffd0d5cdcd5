-- The phones Commit Changes created from a list, for its Completed page:
-- the job gives row N of the list the phone id phone_id_base + N (one
-- INSERT … SELECT under the write lock), so the base is all an import
-- needs to list every phone it created, a page at a time. NULL until the
-- list is committed.
ALTER TABLE imports ADD COLUMN phone_id_base INTEGER;

-- Lists committed before: the job's result names the first phone, which
-- came from the first accepted row.
UPDATE imports SET phone_id_base = (
	SELECT json_extract(j.result, '$.phones[0].id') - (
		SELECT min(r.row_no) FROM import_rows r
		WHERE r.import_id = imports.id AND r.accepted)
	FROM jobs j WHERE j.id = imports.commit_job AND j.state = 'done')
WHERE state = 'committed';
