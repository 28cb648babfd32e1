"""Comment themes as data: the bilingual theme file shipped with retainkit."""
