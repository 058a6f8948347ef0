-- The end of a day's order read from indexes alone (issue 8).
-- Forward-only: never edit this file once landed.

-- The day plan moves the end of the day's all-day order: by regime, due instant, the client's
-- sort name and the follow-up's id. On a day of 1,700 all-day calls it read every one of them
-- with its row and its client's row to find the last 200 (10 ms at 100,000 clients). With the
-- id in the all-day index and the sort name in the agenda's client index, the order is found
-- from the two indexes and only the rows moved are read.
DROP INDEX follow_ups_pending_all_day;
CREATE INDEX follow_ups_pending_all_day ON follow_ups (due_at, client_colour, action, client_id, id)
    WHERE status = 'pending' AND deleted_at IS NULL AND due_time IS NULL;

DROP INDEX clients_for_agenda;
CREATE INDEX clients_for_agenda ON clients (id, colour, name, city, sort_name)
    WHERE deleted_at IS NULL;
