/**
 * Who may use the server and what they may do: the users file with salted PBKDF2 password
 * hashes ({@link io.sqlscore.server.auth.UserFile}, {@link io.sqlscore.server.auth.PasswordHash}),
 * the exchange of a user name and password for an expiring bearer token
 * ({@link io.sqlscore.server.auth.PasswordAuthenticator}, {@link io.sqlscore.server.auth.Logins}),
 * the anonymous sessions of {@code --no-auth} ({@link io.sqlscore.server.auth.AnonymousAuthenticator}),
 * and the roles that decide which statements a user may run
 * ({@link io.sqlscore.server.auth.Role}, {@link io.sqlscore.server.auth.StatementGuard}).
 */
package io.sqlscore.server.auth;
