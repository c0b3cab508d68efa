"""The shared data directory on object storage (MEDIAMON_DATA_URL), for workers on several machines.

Every stage still reads and writes local files under its worker's own MEDIAMON_DATA_DIR. With a data URL
set, a task first pulls from the store the files its stage reads, runs the stage, then pushes the files
the stage wrote, one object each, and last a manifest that lists them. A reader pulls only the files that
a manifest lists, so it never sees half a stage (a task killed while pushing left no manifest).

    store.py    DataStore: the URL's fsspec filesystem; one PUT per file, reads, the write check
    sync.py     what each task reads, pulling by manifest, pushing what changed, manifest last
    shared.py   shared_task(): the pull -> stage -> push wrapper the DAG tasks call, and task refs

Without a data URL every function here is a pass-through: local paths work as before.
"""
