export const DATABASE_NAME = 'everywhere-post';
