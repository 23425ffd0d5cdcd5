/* Switchboard — the reboot campaign runner: one thread with its own
 * database connection that starts due campaigns (scheduled ones survive a
 * restart: they live in the database), hands their phones to the SIP
 * notifier at the campaign's pace (a rate, and at most so many phones
 * rebooting at once), writes each outcome, and keeps the campaign's job
 * progress for the UI's progress bar. */
#ifndef SB_REBOOT_RUNNER_H
#define SB_REBOOT_RUNNER_H

#include <stddef.h>

/* Start with its own connection to db_path (the notifier must be
 * running). 0 or -1 with err. */
int	reboot_runner_start(const char *db_path, char *err, size_t errlen);
void	reboot_runner_stop(void);	/* safe if never started */

/* Look at the campaigns again now (one was created or cancelled). */
void	reboot_runner_wake(void);

#endif
