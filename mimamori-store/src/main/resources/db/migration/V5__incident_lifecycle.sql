-- The lifecycle grew from open/acknowledged/resolved to new/acknowledged/contained/resolved/false_positive.
UPDATE incidents SET status = 'new' WHERE status = 'open';
