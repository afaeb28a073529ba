// The fork → exec child path. Between fork and exec only async-signal-safe calls are made:
// sigprocmask, dup2, fcntl, close, setsid, execv, write, _exit. No allocation, no stdio.
#define _GNU_SOURCE
#include "csupervise.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

/// Puts `fd` at number `target` in the child; clears close-on-exec when already there.
static int install_fd(int fd, int target) {
    if (fd < 0) return 0;
    if (fd == target) {
        int flags = fcntl(fd, F_GETFD);
        if (flags < 0) return -1;
        return fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
    }
    return dup2(fd, target) < 0 ? -1 : 0;
}

/// Reports which step failed and its errno through the check pipe, then exits 127.
static void child_fail(int report_fd, int step) {
    int report[2] = {step, errno};
    ssize_t w;
    if (report_fd >= 0) {
        do { w = write(report_fd, report, sizeof report); } while (w < 0 && errno == EINTR);
    }
    _exit(127);
}

pid_t csupervise_spawn(const char *path, char *const argv[], const csupervise_spawn_fds *fds,
                       int wait_for_exec, int *exec_errno, int *failed_step) {
    int report[2] = {-1, -1};
    *exec_errno = 0;
    *failed_step = CSUPERVISE_STEP_EXEC;
    if (wait_for_exec && pipe2(report, O_CLOEXEC) < 0) return -1;

    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        sigprocmask(SIG_SETMASK, &old, 0);
        if (wait_for_exec) { close(report[0]); close(report[1]); }
        errno = e;
        return -1;
    }
    if (pid == 0) {
        if (wait_for_exec) {
            close(report[0]);
            // Keep the check pipe clear of the number the readiness pipe must take.
            if (report[1] == fds->notify_target) {
                int moved = fcntl(report[1], F_DUPFD_CLOEXEC, fds->notify_target + 1);
                if (moved < 0) child_fail(report[1], CSUPERVISE_STEP_NOTIFY);
                report[1] = moved;
            }
        }
        // The notification descriptor may collide with 0-2: install it last only if it does
        // not; move it out of the way first otherwise.
        int notify = fds->notify_fd;
        if (notify >= 0 && notify <= 2 && notify != fds->notify_target) {
            notify = fcntl(notify, F_DUPFD_CLOEXEC, 3);
            if (notify < 0) child_fail(report[1], CSUPERVISE_STEP_NOTIFY);
        }
        if (install_fd(fds->stdin_fd, 0) < 0) child_fail(report[1], CSUPERVISE_STEP_STDIO);
        if (install_fd(fds->stdout_fd, 1) < 0) child_fail(report[1], CSUPERVISE_STEP_STDIO);
        if (install_fd(fds->stderr_fd, 2) < 0) child_fail(report[1], CSUPERVISE_STEP_STDIO);
        if (notify >= 0 && install_fd(notify, fds->notify_target) < 0) child_fail(report[1], CSUPERVISE_STEP_NOTIFY);
        if (setsid() < 0) child_fail(report[1], CSUPERVISE_STEP_SETSID);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, 0);
        execv(path, argv);
        child_fail(report[1], CSUPERVISE_STEP_EXEC);
    }
    sigprocmask(SIG_SETMASK, &old, 0);
    if (!wait_for_exec) return pid;
    close(report[1]);
    int child_report[2] = {CSUPERVISE_STEP_EXEC, 0};
    ssize_t got;
    do { got = read(report[0], child_report, sizeof child_report); } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got != 0) {
        // got > 0: exec failed in the child; got < 0: we cannot tell, so kill it.
        int read_errno = errno;
        if (got < 0) kill(pid, SIGKILL);
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        if (got < 0) { errno = read_errno; return -1; }
        *failed_step = child_report[0];
        *exec_errno = (got == sizeof child_report && child_report[1]) ? child_report[1] : EIO;
        return 0;
    }
    return pid;
}
