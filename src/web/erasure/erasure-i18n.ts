// Erasure's texts, added to the translations once, by whichever of its components loads first.
import { i18next } from '../app/i18n.ts';
import { erasureDe, erasureEn } from './erasure-texts.ts';

i18next.addResourceBundle('en', 'translation', erasureEn, true, false);
i18next.addResourceBundle('de', 'translation', erasureDe, true, false);
