#!/bin/sh
# Debrief's nightly backup (run by deploy/debrief-backup.service, or from cron): one archive of the
# database and the media files a night, the 14 newest kept in daily/, the first of each month for a
# year in monthly/, and everything copied off the machine when DEBRIEF_BACKUP_COPY_TO is set.
# The site's own settings (DATABASE_URL, DEBRIEF_MEDIA_ROOT) come from the environment.
set -eu

dir="${DEBRIEF_BACKUP_DIR:-/var/backups/debrief}"
python="${DEBRIEF_PYTHON:-/srv/debrief/.venv/bin/python}"
manage="${DEBRIEF_MANAGE:-/srv/debrief/manage.py}"
umask 077  # the archives hold every ballot and every account: their owner's only

mkdir -p "$dir/daily" "$dir/monthly"
name="debrief-$(date -u +%Y%m%d-%H%M%S).tar.gz"
"$python" "$manage" backup --output "$dir/daily/$name"

# The first backup of a month is kept for a year (a hard link: no second copy on the disk).
month="debrief-$(date -u +%Y%m)"
if ! ls "$dir/monthly/$month"* >/dev/null 2>&1; then
    ln "$dir/daily/$name" "$dir/monthly/$name" 2>/dev/null || cp -p "$dir/daily/$name" "$dir/monthly/$name"
fi

# By count, not age: nights the backup failed do not shorten the history. Names sort by date.
ls -1 "$dir/daily"/debrief-*.tar.gz | sort -r | tail -n +15 | xargs -r rm -f --
ls -1 "$dir/monthly"/debrief-*.tar.gz | sort -r | tail -n +13 | xargs -r rm -f --

# A backup on the machine's own disk is lost with it. No --delete: a wiped local directory must
# not wipe the copies too; the other side keeps its own history.
if [ -n "${DEBRIEF_BACKUP_COPY_TO:-}" ]; then
    rsync -a "$dir/" "$DEBRIEF_BACKUP_COPY_TO"
fi
