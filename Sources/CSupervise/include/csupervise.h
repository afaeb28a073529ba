#ifndef CSUPERVISE_H
#define CSUPERVISE_H

#include <sys/types.h>
#include <spawn.h>

/*
 * C shim for the supervisor. Everything here is in C for one of two reasons:
 *  - it runs between fork() and exec(), where only async-signal-safe code may run
 *    (Swift code must never run in a forked child), or
 *  - the libc API is a macro or a variadic function that Swift cannot call directly.
 * Convention: functions return the libc value unchanged (usually -1 on failure) and leave
 * errno set for Swift to read immediately; nothing here prints.
 */

/// How a child's descriptors are arranged before exec. -1 means "leave as inherited".
typedef struct csupervise_spawn_fds {
    /// Descriptor to install as the child's stdin, stdout, stderr (-1 = inherit).
    int stdin_fd;
    int stdout_fd;
    int stderr_fd;
    /// Write end of the readiness pipe, installed at `notify_target` (both -1 = none).
    int notify_fd;
    int notify_target;
} csupervise_spawn_fds;

/// Which step of the child's set-up failed (reported through the exec check pipe).
enum {
    CSUPERVISE_STEP_EXEC = 0,   ///< execv itself
    CSUPERVISE_STEP_STDIO = 1,  ///< installing fd 0, 1 or 2
    CSUPERVISE_STEP_NOTIFY = 2, ///< moving the readiness pipe to its number
    CSUPERVISE_STEP_SETSID = 3, ///< setsid
};

/// Forks and execs `path` with `argv` (NULL-terminated) and the current environment, in a new
/// session (setsid). The child clears its signal mask and installs the descriptors of `fds`.
/// With `wait_for_exec`, an exec failure is reported through a close-on-exec pipe: on success
/// returns the child's pid and stores 0 in `*exec_errno`; if exec failed, the child (already
/// reaped) exited 127, the function returns 0 and stores the child's errno in `*exec_errno` and
/// the step that failed (CSUPERVISE_STEP_*) in `*failed_step`.
/// Without it, returns the pid at once and a failed exec is just an exit 127 to be reaped.
/// Returns -1 (errno set) when pipe2 or fork failed.
pid_t csupervise_spawn(const char *path, char *const argv[], const csupervise_spawn_fds *fds,
                       int wait_for_exec, int *exec_errno, int *failed_step);

/// Blocks the `count` signals of `signals` in the calling thread and returns a non-blocking,
/// close-on-exec signalfd for them, or -1 with errno set. sigprocmask/signalfd use macros.
int csupervise_signalfd_open(const int *signals, int count);

/// Reads one pending signal number from a signalfd: returns the signal number, 0 when nothing
/// is pending (EAGAIN), or -1 with errno set.
int csupervise_signalfd_read(int fd);

/// Installs a handler that does nothing for `signal` (so exec restores the default in children,
/// unlike SIG_IGN). Returns sigaction's result.
int csupervise_install_noop_handler(int signal);

/// Sets `signal` back to its default disposition. Returns sigaction's result.
int csupervise_default_handler(int signal);

/// Takes a whole-file POSIX (fcntl F_SETLK) write lock on `fd` without waiting.
/// Returns 0, or -1 with errno (EAGAIN/EACCES when another process holds it).
int csupervise_lock_write(int fd);

/// Probes with F_GETLK for a conflicting read lock over the whole file, as s6-svok does:
/// returns 1 if another process holds a write lock, 0 if not, -1 with errno on failure.
int csupervise_lock_probe(int fd);

/// fcntl(F_GETFD/F_SETFD) without variadic calls: sets or clears FD_CLOEXEC.
int csupervise_set_cloexec(int fd, int on);

/// fcntl(F_GETFD): 1 if `fd` has close-on-exec, 0 if it is open without it, -1 with errno
/// (EBADF: not open).
int csupervise_get_cloexec(int fd);

/// fcntl(F_GETFL/F_SETFL): sets or clears O_NONBLOCK.
int csupervise_set_nonblock(int fd, int on);

/// open(2) with an explicit mode (open is variadic).
int csupervise_open(const char *path, int flags, mode_t mode);

/// pipe2(2) (needs _GNU_SOURCE, which Swift's Glibc module does not define).
int csupervise_pipe2(int fds[2], int flags);

/// O_PATH (declared under _GNU_SOURCE): open(2) only names the file, for use with openat(2).
int csupervise_o_path_flag(void);

/// flock(2) (its name collides with `struct flock` in Swift).
int csupervise_flock(int fd, int operation);

/// pidfd_open(2) through syscall(2) (glibc wraps it only from 2.36): a close-on-exec
/// descriptor that becomes readable when process `pid` exits. -1 with errno (ENOSYS before
/// Linux 5.3).
int csupervise_pidfd_open(pid_t pid);

/// The calling thread's errno (a macro in C).
int csupervise_errno(void);

/// Starts writing back `length` bytes of `fd` from `offset` to disk without waiting for it
/// (`sync_file_range(SYNC_FILE_RANGE_WRITE)`), so that a later fsync has little left to do.
int csupervise_start_writeback(int fd, long long offset, long long length);

/// The pid of the process holding a lock on `fd` that conflicts with a whole-file write lock
/// (`fcntl(F_GETLK)`), 0 when none does, -1 on error.
int csupervise_lock_holder(int fd);

/// posix_spawn_file_actions_addchdir_np (glibc >= 2.29, declared under _GNU_SOURCE): 0, or an
/// error number; ENOSYS when the C library pgctl was built against lacks it.
int csupervise_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// posix_spawn_file_actions_addclosefrom_np (glibc >= 2.34): 0, or an error number; ENOSYS
/// when the C library lacks it.
int csupervise_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);

/// POSIX_SPAWN_SETSID (glibc >= 2.26, declared under _GNU_SOURCE).
short csupervise_spawn_setsid_flag(void);

#endif
