// Switchboard — the navigation. Each area of the product registers its pages
// here (Managed IP Phones, Unify Phone, SIP Devices join as they are built);
// a page is shown only to the roles it names.
import overview from './pages/overview.js';
import users from './pages/users.js';
import tokens from './pages/tokens.js';
import audit from './pages/audit.js';
import certificate from './pages/certificate.js';
import backups from './pages/backups.js';
import account from './pages/account.js';
import catalog from './pages/catalog.js';
import locations from './pages/locations.js';
import { lines, proxies } from './pages/lines.js';
import regGroups from './pages/reg-groups.js';
import phones from './pages/phones.js';
import stations from './pages/stations.js';
import licenses from './pages/licenses.js';
import templates from './pages/templates.js';
import assistant from './pages/assistant.js';
import businessHours from './pages/business-hours.js';
import provisional from './pages/provisional.js';
import firmware from './pages/firmware.js';
import customFiles from './pages/custom-files.js';
import simulator from './pages/simulator.js';
import network from './pages/network.js';
import reboots from './pages/reboots.js';
import unifySystem from './pages/unify-system.js';
import unifyConnectivity from './pages/unify-connectivity.js';
import unifyExpert from './pages/unify-expert.js';
import unifyServiceCenter from './pages/unify-service-center.js';
import unifyStations from './pages/unify-stations.js';
import unifyUsers from './pages/unify-users.js';
import unifyLicenses from './pages/unify-licenses.js';
import unifyFirewall from './pages/unify-firewall.js';
import unifyJwt from './pages/unify-jwt.js';
import unifyTeams from './pages/unify-teams.js';
import sipDevices from './pages/sip-devices.js';
import sipExports from './pages/sip-exports.js';
import sipSettings from './pages/sip-settings.js';

const ALL = ['admin', 'operator', 'viewer'];

export const areas = [
  {
    label: 'Switchboard',
    pages: [{ path: 'overview', label: 'Overview', roles: ALL, page: overview }],
  },
  {
    label: 'Managed IP Phones',
    pages: [
      { path: 'phones/list', label: 'IP phones', roles: ALL, page: phones },
      { path: 'phones/stations', label: 'Station appearances', roles: ALL, page: stations },
      { path: 'phones/assistant', label: 'Phone Assistant', roles: ['admin', 'operator'], page: assistant },
      { path: 'phones/templates', label: 'Templates', roles: ALL, page: templates },
      { path: 'phones/registration-groups', label: 'Registration groups', roles: ALL, page: regGroups },
      { path: 'phones/locations', label: 'Locations', roles: ALL, page: locations },
      { path: 'phones/lines', label: 'SIP lines', roles: ALL, page: lines },
      { path: 'phones/proxies', label: 'Managed proxies', roles: ALL, page: proxies },
      { path: 'phones/licenses', label: 'Station licenses', roles: ALL, page: licenses },
      { path: 'phones/catalog', label: 'Phone catalog', roles: ALL, page: catalog },
    ],
  },
  {
    label: 'Provisioning',
    pages: [
      { path: 'provisioning/provisional', label: 'Provisional phones', roles: ALL, page: provisional },
      { path: 'provisioning/firmware', label: 'Firmware', roles: ALL, page: firmware },
      { path: 'provisioning/custom-files', label: 'Custom files', roles: ALL, page: customFiles },
      { path: 'provisioning/reboots', label: 'Reboots', roles: ALL, page: reboots },
      { path: 'provisioning/simulator', label: 'Phone simulator', roles: ALL, page: simulator },
      { path: 'provisioning/network', label: 'Network records', roles: ALL, page: network },
    ],
  },
  {
    label: 'OpenScape Business',
    pages: [
      { path: 'osbiz/system', label: 'OpenScape Business system', roles: ALL, page: unifySystem },
      { path: 'osbiz/unify-connectivity', label: 'Cloud Services - Unify Phone Connectivity', roles: ALL, page: unifyConnectivity },
      { path: 'osbiz/unify-users', label: 'Cloud Services - Unify Phone user instance', roles: ALL, page: unifyUsers },
      { path: 'osbiz/licenses', label: 'License Management', roles: ALL, page: unifyLicenses },
      { path: 'osbiz/stations', label: 'Stations', roles: ALL, page: unifyStations },
      { path: 'osbiz/teams', label: 'User Telephony - Team Configuration', roles: ALL, page: unifyTeams },
      { path: 'osbiz/jwt', label: 'Unify Phone JWT', roles: ALL, page: unifyJwt },
      { path: 'osbiz/expert-mode', label: 'Expert Mode', roles: ALL, page: unifyExpert },
      { path: 'osbiz/service-center', label: 'Service Center', roles: ALL, page: unifyServiceCenter },
      { path: 'osbiz/firewall-rules', label: 'Firewall Rules', roles: ALL, page: unifyFirewall },
    ],
  },
  {
    label: 'SIP Devices',
    pages: [
      { path: 'sip-devices/list', label: 'SIP devices', roles: ['admin'], page: sipDevices },
      { path: 'sip-devices/hand-over', label: 'Credential hand-over', roles: ['admin'], page: sipExports },
      { path: 'sip-devices/settings', label: 'SIP device settings', roles: ['admin'], page: sipSettings },
    ],
  },
  {
    label: 'System',
    pages: [
      { path: 'system/users', label: 'Users', roles: ['admin'], page: users },
      { path: 'system/tokens', label: 'API tokens', roles: ALL, page: tokens },
      { path: 'system/audit', label: 'Audit log', roles: ['admin', 'operator'], page: audit },
      { path: 'system/certificate', label: 'Certificate', roles: ALL, page: certificate },
      { path: 'system/backups', label: 'Backups', roles: ['admin'], page: backups },
      { path: 'system/business-hours', label: 'Business hours', roles: ALL, page: businessHours },
      { path: 'system/account', label: 'My account', roles: ALL, page: account },
    ],
  },
];

export function pagesFor(role) {
  return areas
    .map((a) => ({ ...a, pages: a.pages.filter((p) => p.roles.includes(role)) }))
    .filter((a) => a.pages.length);
}
