-- Which file (device and inode) a read position belongs to, so rotation by rename loses nothing.
ALTER TABLE source_checkpoints ADD COLUMN file_key TEXT;
