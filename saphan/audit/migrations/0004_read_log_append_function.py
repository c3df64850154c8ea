"""The read log's append in one statement (audit.services._append): take the chain's lock,
read the last hash, hash and insert the rows, all inside the database. A page that only reads
runs it on its own, so the lock is held for that one statement instead of four round trips of
a busy web worker (lock, last hash, insert, commit)."""

from django.db import migrations

CHAIN_LOCK = 0x5A9A_0001  # audit.services._CHAIN_LOCK

CREATE = f"""
CREATE OR REPLACE FUNCTION saphan_read_log_append(new_rows jsonb, asynchronous boolean)
RETURNS TABLE(row_id bigint, row_prev varchar, row_hash varchar) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    prev text;
    r jsonb;
BEGIN
    IF asynchronous THEN
        PERFORM set_config('synchronous_commit', 'off', true);
    END IF;
    PERFORM pg_advisory_xact_lock({CHAIN_LOCK});
    -- a statement after the lock: it sees the rows of the writer that held it before
    SELECT a.hash INTO prev FROM audit_readaccess a ORDER BY a.id DESC LIMIT 1;
    prev := coalesce(prev, repeat('0', 64));
    FOR r IN SELECT value FROM jsonb_array_elements(new_rows) LOOP
        -- the same digest as audit.services._digest: sha256 of prev, then the row's fields,
        -- joined by U+001F (the row's part is given as "tail")
        row_hash := encode(sha256(convert_to(prev || chr(31) || (r->>'tail'), 'UTF8')), 'hex');
        INSERT INTO audit_readaccess (
            at, user_id, username, record_type, record_id, record_label, scope, purpose,
            path, outcome, prev_hash, hash
        ) VALUES (
            (r->>'at')::timestamptz, (r->>'user_id')::uuid, r->>'username', r->>'record_type',
            r->>'record_id', r->>'record_label', r->>'scope', r->>'purpose', r->>'path',
            r->>'outcome', prev, row_hash
        ) RETURNING id INTO row_id;
        row_prev := prev;
        RETURN NEXT;
        prev := row_hash;
    END LOOP;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_outcome_and_sealed_exports")]

    operations = [
        migrations.RunSQL(
            CREATE, reverse_sql="DROP FUNCTION IF EXISTS saphan_read_log_append(jsonb, boolean);"
        )
    ]
