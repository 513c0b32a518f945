-- The tables and functions of PostgresStateStore, in schema S (the placeholder S. is replaced by
-- the schema's name). Keys, set members and list items are bytea (UTF-8): bytea compares by bytes,
-- which for UTF-8 is code point order, whatever the database's encoding and collation.

CREATE TABLE IF NOT EXISTS S.kv (key bytea PRIMARY KEY, value bytea NOT NULL, version bigint NOT NULL);
CREATE TABLE IF NOT EXISTS S.counter (key bytea PRIMARY KEY, value bigint NOT NULL);
-- A set's head row holds its next position, which removals never lower (positions are never
-- reused), and is the lock every change of the set takes.
CREATE TABLE IF NOT EXISTS S.set_head (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key bytea NOT NULL UNIQUE,
  next bigint NOT NULL);
CREATE TABLE IF NOT EXISTS S.set_member (set_id bigint NOT NULL, member bytea NOT NULL, position bigint NOT NULL,
  value bytea NOT NULL, PRIMARY KEY (set_id, member));
CREATE UNIQUE INDEX IF NOT EXISTS set_member_position ON S.set_member (set_id, position);
CREATE TABLE IF NOT EXISTS S.list_head (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key bytea NOT NULL UNIQUE,
  length bigint NOT NULL);
CREATE TABLE IF NOT EXISTS S.list_item (list_id bigint NOT NULL, position bigint NOT NULL, item bytea NOT NULL,
  PRIMARY KEY (list_id, position));

-- Adds member m unless present; pos is its position, or -1 if it is new and its position would be
-- lim or more (nothing written). With peek, a present member is found without locking the set
-- (no write, so no commit to flush): right for a call on its own, not inside a batch, whose other
-- operations must order after the set's concurrent changes.
CREATE OR REPLACE FUNCTION S.set_add(k bytea, m bytea, v bytea, lim bigint, peek boolean, OUT pos bigint, OUT added boolean)
LANGUAGE plpgsql AS $$
DECLARE
  sid bigint;
  nxt bigint;
BEGIN
  added := false;
  IF peek THEN
    SELECT sm.position INTO pos FROM S.set_head h JOIN S.set_member sm ON sm.set_id = h.id WHERE h.key = k AND sm.member = m;
    IF FOUND THEN
      RETURN;
    END IF;
  END IF;
  LOOP
    SELECT id, next INTO sid, nxt FROM S.set_head WHERE key = k FOR UPDATE;
    EXIT WHEN FOUND;
    INSERT INTO S.set_head (key, next) VALUES (k, 0) ON CONFLICT (key) DO NOTHING;
  END LOOP;
  -- A new statement after the lock: it sees the members the lock's previous holder committed.
  SELECT position INTO pos FROM S.set_member WHERE set_id = sid AND member = m;
  IF FOUND THEN
    RETURN;
  END IF;
  IF nxt >= lim THEN
    pos := -1;
    RETURN;
  END IF;
  INSERT INTO S.set_member (set_id, member, position, value) VALUES (sid, m, nxt, v);
  UPDATE S.set_head SET next = nxt + 1 WHERE id = sid;
  pos := nxt;
  added := true;
END $$;

CREATE OR REPLACE FUNCTION S.set_remove(k bytea, ms bytea[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  sid bigint;
BEGIN
  SELECT id INTO sid FROM S.set_head WHERE key = k FOR UPDATE;
  IF FOUND THEN
    DELETE FROM S.set_member WHERE set_id = sid AND member = ANY (ms);
  END IF;
END $$;

-- Adds d to counter k unless the result would exceed mx; false if it would (nothing written).
CREATE OR REPLACE FUNCTION S.bounded_increment(k bytea, d bigint, mx bigint) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  cur bigint;
BEGIN
  LOOP
    SELECT value INTO cur FROM S.counter WHERE key = k FOR UPDATE;
    IF FOUND THEN
      IF cur + d > mx THEN
        RETURN false;
      END IF;
      UPDATE S.counter SET value = cur + d WHERE key = k;
      RETURN true;
    END IF;
    IF d > mx THEN
      RETURN false;
    END IF;
    INSERT INTO S.counter (key, value) VALUES (k, d) ON CONFLICT (key) DO NOTHING;
    IF FOUND THEN
      RETURN true;
    END IF;
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION S.append(k bytea, items bytea[]) RETURNS SETOF bytea LANGUAGE plpgsql AS $$
DECLARE
  lid bigint;
  len bigint;
  n int := cardinality(items);
BEGIN
  INSERT INTO S.list_head AS l (key, length) VALUES (k, n) ON CONFLICT (key) DO UPDATE SET length = l.length + n
    RETURNING id, length INTO lid, len;
  INSERT INTO S.list_item (list_id, position, item)
    SELECT lid, len - n + o - 1, it FROM unnest(items) WITH ORDINALITY AS u(it, o);
  RETURN QUERY SELECT item FROM S.list_item WHERE list_id = lid ORDER BY position;
END $$;

-- An atomic batch: operation i (1-based) is kinds[i] on keys[i]. Returns -1 if every operation
-- took effect; else nothing took effect and it returns the 0-based index of the first operation
-- whose condition failed, or -2 - index if that operation's counter would leave 64 bits.
-- Kinds: 1 put-if-absent (also compare-and-set from version 0), 2 compare-and-set from nums[i],
-- 3 require-absent, 4 delete, 5 set add (member members[i], limit nums[i]), 6 set remove (the next
-- nums[i] members of removed), 7 increment by nums[i] up to maxes[i].
CREATE OR REPLACE FUNCTION S.batch(kinds int[], keys bytea[], vals bytea[], nums bigint[], maxes bigint[],
  members bytea[], removed bytea[]) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  at int := 0;
  cur int := 0;
  ok boolean;
  pos bigint;
BEGIN
  -- One block, so one subtransaction: a failed condition rolls back everything the batch did.
  BEGIN
    FOR i IN 1 .. coalesce(cardinality(kinds), 0) LOOP
      cur := i;
      CASE kinds[i]
        WHEN 1 THEN
          INSERT INTO S.kv (key, value, version) VALUES (keys[i], vals[i], 1) ON CONFLICT (key) DO NOTHING;
          ok := FOUND;
        WHEN 2 THEN
          UPDATE S.kv SET value = vals[i], version = version + 1 WHERE key = keys[i] AND version = nums[i];
          ok := FOUND;
        WHEN 3 THEN
          -- Insert and delete a placeholder: the key's index entry stays locked until commit, so a
          -- concurrent batch creating it waits and then orders after this one.
          INSERT INTO S.kv (key, value, version) VALUES (keys[i], '\x'::bytea, 0) ON CONFLICT (key) DO NOTHING;
          ok := FOUND;
          IF ok THEN
            DELETE FROM S.kv WHERE key = keys[i];
          END IF;
        WHEN 4 THEN
          DELETE FROM S.kv WHERE key = keys[i];
          ok := true;
        WHEN 5 THEN
          SELECT a.pos INTO pos FROM S.set_add(keys[i], members[i], vals[i], nums[i], false) a;
          ok := pos >= 0;
        WHEN 6 THEN
          PERFORM S.set_remove(keys[i], removed[at + 1 : at + nums[i]::int]);
          at := at + nums[i]::int;
          ok := true;
        WHEN 7 THEN
          IF maxes[i] = 9223372036854775807 THEN
            INSERT INTO S.counter AS c (key, value) VALUES (keys[i], nums[i])
              ON CONFLICT (key) DO UPDATE SET value = c.value + excluded.value;
            ok := true;
          ELSE
            ok := S.bounded_increment(keys[i], nums[i], maxes[i]);
          END IF;
      END CASE;
      IF NOT ok THEN
        RAISE SQLSTATE 'JF001';
      END IF;
    END LOOP;
  EXCEPTION
    WHEN SQLSTATE 'JF001' THEN
      RETURN cur - 1;
    WHEN numeric_value_out_of_range THEN
      RETURN -2 - (cur - 1);
  END;
  RETURN -1;
END $$;
