-- The watches table mirrors watches.yaml as this run read it: the old definitions go. No parameters.
DELETE FROM watches
