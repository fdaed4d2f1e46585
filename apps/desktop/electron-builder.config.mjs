// How `npm run package` builds the installers IT staff deploy (electron-builder 25).
// scripts/package-app.mjs stages the built app (dist/) with a package.json of
// its own into out/app and builds from there: main, preload and renderer are
// bundles with every dependency inside (esbuild, Vite), so app.asar needs no
// node_modules, and none of the sources, tests or dev dependencies reach it.
// scripts/packaging.test.mjs builds `--linux dir` from this file and checks app.asar.
import { readFileSync } from 'node:fs';

const desktop = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** @type {import('electron-builder').Configuration} */
export default {
	appId: 'org.consultdesk.desktop',
	productName: 'Consultdesk',
	executableName: 'consultdesk',
	copyright: 'Copyright © Consultdesk',
	// The Electron the app is developed and tested with (apps/desktop's devDependency), never a newer one by accident.
	electronVersion: desktop.devDependencies.electron,
	directories: {
		app: 'out/app',
		output: 'out/packages',
		// resources/ at the repository's root: icons/png (from icons/consultdesk.svg) and the NSIS include.
		buildResources: '../../resources',
	},
	files: ['package.json', 'dist/**/*', '!**/*.map'],
	asar: true,
	// No native modules: nothing to rebuild for Electron's ABI.
	npmRebuild: false,
	artifactName: '${productName}-${version}-${arch}.${ext}',
	// consultdesk://consultation/<id> opens that consultation (src/main/consultation-link.ts).
	// Linux: the .desktop file's MimeType (deb and AppImage); Windows: the NSIS include below; macOS: Info.plist.
	protocols: [{ name: 'Consultdesk consultation link', schemes: ['consultdesk'] }],
	// Makes latest.yml / latest-linux.yml for electron-updater's generic provider. The URL here is
	// never used: each terminal's updateUrl (terminal.json) replaces it at run time, and without one
	// the app checks nothing. Nothing is uploaded (`--publish never`): IT copies the files to that URL.
	publish: [{ provider: 'generic', url: 'https://updates.invalid/consultdesk/' }],
	linux: {
		target: ['AppImage', 'deb'],
		icon: 'icons/png',
		category: 'Science',
		synopsis: 'Remote consultations between clinics and specialists',
		description: desktop.description,
		maintainer: 'Consultdesk IT <it@consultdesk.org>',
		vendor: 'Consultdesk',
		desktop: { Keywords: 'telemedicine;consultation;clinic;' },
	},
	deb: {
		// What Electron's Linux build links (GTK, NSS, GBM, ALSA for the stethoscope's sound …) and xdg-utils for
		// consultdesk:// links; electron-builder's documented default still names gconf2 and libappindicator1,
		// which Debian 12 and current Ubuntu no longer ship.
		depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0', 'libgbm1', 'libasound2'],
	},
	win: {
		target: [{ target: 'nsis', arch: ['x64'] }],
		icon: 'icons/png/256x256.png',
	},
	nsis: {
		// IT installs once for every account on a clinic PC; users cannot install or update it themselves.
		oneClick: false,
		perMachine: true,
		allowElevation: true,
		allowToChangeInstallationDirectory: true,
		createDesktopShortcut: true,
		createStartMenuShortcut: true,
		shortcutName: 'Consultdesk',
		// Readings waiting in the outbox live in the user's data folder: an uninstall must not lose them.
		deleteAppDataOnUninstall: false,
		// Registers consultdesk:// for all users (HKLM), which electron-builder's NSIS does not do from `protocols`.
		include: 'installer.nsh',
	},
};
