// Descriptor helpers: fcntl and open are variadic, so Swift calls them through these.
#define _GNU_SOURCE
#include "csupervise.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <unistd.h>

static void whole_file(struct flock *lock, short type) {
    memset(lock, 0, sizeof *lock);
    lock->l_type = type;
    lock->l_whence = SEEK_SET;
    lock->l_start = 0;
    lock->l_len = 0;
}

int csupervise_lock_write(int fd) {
    struct flock lock;
    whole_file(&lock, F_WRLCK);
    return fcntl(fd, F_SETLK, &lock);
}

int csupervise_lock_probe(int fd) {
    struct flock lock;
    whole_file(&lock, F_RDLCK);
    if (fcntl(fd, F_GETLK, &lock) < 0) return -1;
    return lock.l_type != F_UNLCK;
}

int csupervise_lock_holder(int fd) {
    struct flock lock;
    whole_file(&lock, F_WRLCK);
    if (fcntl(fd, F_GETLK, &lock) < 0) return -1;
    return lock.l_type == F_UNLCK || lock.l_pid <= 0 ? 0 : lock.l_pid;
}

int csupervise_set_cloexec(int fd, int on) {
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFD, on ? (flags | FD_CLOEXEC) : (flags & ~FD_CLOEXEC));
}

int csupervise_get_cloexec(int fd) {
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0) return -1;
    return (flags & FD_CLOEXEC) != 0;
}

int csupervise_set_nonblock(int fd, int on) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK));
}

int csupervise_open(const char *path, int flags, mode_t mode) {
    return open(path, flags, mode);
}

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434 /* the same number on every architecture */
#endif

int csupervise_pidfd_open(pid_t pid) {
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

int csupervise_errno(void) { return errno; }

int csupervise_start_writeback(int fd, long long offset, long long length) {
    return sync_file_range(fd, (off_t)offset, (off_t)length, SYNC_FILE_RANGE_WRITE);
}

int csupervise_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }

int csupervise_o_path_flag(void) { return O_PATH; }
int csupervise_flock(int fd, int operation) { return flock(fd, operation); }
